// graft realtime settings|channels on a real instance.
#include "platform_test_util.h"

namespace graft::testing {

TEST(PlatformRealtime, SettingsAndChannels) {
  PlatformProject p;
  p.Ok({"realtime", "settings", "set", "max_connections=50", "enabled=false"});
  auto s = p.Json({"realtime", "settings", "get", "max_connections", "enabled"});
  EXPECT_EQ(s["settings"][0]["value"], false);  // in spec order: enabled first
  EXPECT_EQ(s["settings"][1]["value"], 50);
  p.Fails({"realtime", "settings", "set", "max_connections=0"}, 3);
  p.Fails({"realtime", "settings", "set", "colour=blue"}, 3);

  auto a = p.Json({"realtime", "channels", "add", "room", "--pattern", "room:*", "--description", "chat rooms"});
  EXPECT_EQ(a["channel"]["pattern"], "room:*");
  EXPECT_EQ(a["channel"]["enabled"], true);
  EXPECT_EQ(p.Json({"realtime", "channels", "add", "presence"})["channel"]["pattern"], "presence");
  p.Fails({"realtime", "channels", "add", "room"}, 5);
  p.Fails({"realtime", "channels", "add", "Bad Name"}, 3);
  p.Fails({"realtime", "channels", "add", "x", "--pattern", "has space"}, 3);
  p.Fails({"realtime", "channels", "add", "y", "--enabled", "perhaps"}, 3);

  auto u = p.Json({"realtime", "channels", "update", "room", "--enabled", "false"});
  EXPECT_EQ(u["channel"]["enabled"], false);
  EXPECT_EQ(u["channel"]["description"], "chat rooms");
  p.Fails({"realtime", "channels", "update", "room"}, 3);
  p.Fails({"realtime", "channels", "update", "nope", "--enabled", "true"}, 4);

  auto l = p.Json({"realtime", "channels", "list"});
  ASSERT_EQ(l["channels"].size(), 2u);
  EXPECT_EQ(l["channels"][0]["name"], "presence");
  EXPECT_NE(p.Ok({"realtime", "channels", "list"}).find("room:*"), std::string::npos);

  p.Ok({"realtime", "channels", "remove", "presence"});
  p.Fails({"realtime", "channels", "remove", "presence"}, 4);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM realtime.channels"), "1");
}

}  // namespace graft::testing

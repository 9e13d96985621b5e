// graft functions on a real instance.
#include "common/crypto.h"
#include "platform_test_util.h"

namespace graft::testing {

TEST(PlatformFunctions, DeployGetListDelete) {
  PlatformProject p;
  TempDir tmp;
  std::string v1 = "export default () => new Response('v1')\n";
  std::string v2 = "export default () => new Response('v2')\n";
  auto f1 = tmp.Write("v1.ts", v1);
  auto f2 = tmp.Write("v2.ts", v2);

  auto d = p.Json({"functions", "deploy", "hello", "--file", f1, "--name", "Hello world"});
  EXPECT_EQ(d["action"], "created");
  EXPECT_EQ(d["function"]["slug"], "hello");
  EXPECT_EQ(d["function"]["name"], "Hello world");
  EXPECT_EQ(d["function"]["status"], "active");
  EXPECT_EQ(d["function"]["version"], 1);
  EXPECT_EQ(d["function"]["checksum"], Sha256Hex(v1));
  EXPECT_FALSE(d["function"].contains("source"));

  // Same source: unchanged, version kept. New source: updated, version + 1.
  EXPECT_EQ(p.Json({"functions", "deploy", "hello", "--file", f1})["action"], "unchanged");
  auto u = p.Json({"functions", "deploy", "hello", "--file", f2, "--verify-jwt", "false"});
  EXPECT_EQ(u["action"], "updated");
  EXPECT_EQ(u["function"]["version"], 2);
  EXPECT_EQ(u["function"]["verify_jwt"], false);
  EXPECT_EQ(u["function"]["name"], "Hello world");

  auto g = p.Json({"functions", "get", "hello"});
  EXPECT_EQ(g["function"]["source"], v2);
  EXPECT_EQ(g["function"]["checksum"], Sha256Hex(v2));
  EXPECT_EQ(p.Ok({"functions", "get", "hello", "--source"}), v2);

  // From stdin.
  auto c = p.Run({"functions", "deploy", "other", "--file", "-", "--json"}, {}, "export default 1\n");
  EXPECT_EQ(c.code, 0) << c.err;
  auto list = p.Json({"functions", "list"});
  ASSERT_EQ(list["functions"].size(), 2u);
  EXPECT_EQ(list["functions"][0]["slug"], "hello");
  EXPECT_FALSE(list["functions"][0].contains("source"));
  EXPECT_NE(p.Ok({"functions", "list"}).find("other"), std::string::npos);

  // Bad input.
  p.Fails({"functions", "deploy", "Bad Slug", "--file", f1}, 3);
  p.Fails({"functions", "deploy", "x", "--file", tmp.dir() + "/missing.ts"}, 4);
  p.Fails({"functions", "deploy", "x", "--file", tmp.Write("empty.ts", "")}, 3);
  p.Fails({"functions", "deploy", "x", "--file", f1, "--status", "running"}, 3);
  p.Fails({"functions", "deploy", "x"}, 3);
  p.Fails({"functions", "get", "nope"}, 4);
  EXPECT_EQ(p.Scalar("SELECT count(*) FROM functions.functions"), "2");

  p.Ok({"functions", "delete", "other"});
  p.Fails({"functions", "delete", "other"}, 4);
  EXPECT_EQ(p.Json({"functions", "list"})["functions"].size(), 1u);
}

}  // namespace graft::testing

// Integration tests of issue 10 (hardening): what other local users can see
// of a home, and what any input does to graft.
#include <dirent.h>
#include <pwd.h>
#include <sys/stat.h>

#include <set>
#include <string>
#include <vector>

#include "graft_home.h"
#include "common/text.h"
#include "os/process.h"

namespace graft::testing {

namespace {

// Every entry under `path` (itself included) that a group or other user can
// read or write, or a folder they can enter that is not on the servers' way
// to their data directories. Symlinks are skipped (their mode means nothing).
void LooseEntries(const std::string& path, const std::string& home, std::vector<std::string>* out) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return;
  mode_t others = st.st_mode & 077;
  bool traversal = S_ISDIR(st.st_mode) &&
                   (path == home || path == home + "/instances" || path == home + "/templates" ||
                    (path.rfind(home + "/instances/", 0) == 0 &&
                     path.find('/', home.size() + sizeof "/instances/" - 1) == std::string::npos));
  mode_t allowed = traversal ? 011 : 0;
  if ((others & ~allowed) != 0) {
    char buf[8];
    snprintf(buf, sizeof buf, "%04o", st.st_mode & 07777);
    out->push_back(path + " " + buf);
  }
  if (!S_ISDIR(st.st_mode)) return;
  for (const auto& name : os::ListDir(path)) LooseEntries(path + "/" + name, home, out);
}

std::vector<std::string> Loose(const GraftHome& h) {
  std::vector<std::string> v;
  LooseEntries(h.dir(), h.dir(), &v);
  return v;
}

}  // namespace

// Item 1: after a create, a storage put, a branch create and a reset, no file
// in the home is readable by anyone but its owner (the home and the folders
// leading to the data directories stay traversable by the server user).
TEST(Hardening, HomeIsPrivateAfterEveryOperation) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  EXPECT_EQ(Loose(h), std::vector<std::string>{}) << "after project create";
  std::string file = h.dir() + "-object.txt";
  os::WriteFileAtomic(file, "bytes\n");
  h.Ok({"storage", "buckets", "create", "media", "--project", "app"});
  h.Ok({"storage", "objects", "put", "media/a.txt", file, "--project", "app"});
  os::RemoveAll(file);
  EXPECT_EQ(Loose(h), std::vector<std::string>{}) << "after storage put";
  h.Ok({"branch", "create", "work", "--project", "app"});
  EXPECT_EQ(Loose(h), std::vector<std::string>{}) << "after branch create";
  h.Ok({"branch", "reset", "work", "--project", "app", "-y"});
  EXPECT_EQ(Loose(h), std::vector<std::string>{}) << "after branch reset";
  // The servers still run as the server user and answer.
  EXPECT_EQ(h.Scalar("SELECT 1", {"--project", "app", "--branch", "work"}), "1");
  struct stat st {};
  ASSERT_EQ(stat(h.dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, os::TraverseMode());
}

// Item 1: a home made by an older graft (world-readable control plane and
// folders) is tightened by the first command that opens it.
TEST(Hardening, ExistingLooseHomeIsTightenedOnFirstUse) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  chmod(h.dir().c_str(), 0755);
  chmod((h.dir() + "/graft.db").c_str(), 0644);
  chmod((h.dir() + "/locks").c_str(), 0755);
  std::string stray = h.dir() + "/instances/" + os::ListDir(h.dir() + "/instances")[0] + "/storage/old.bin";
  os::WriteFileAtomic(stray, "x", 0644);
  ASSERT_FALSE(Loose(h).empty());
  h.Ok({"project", "list"});
  EXPECT_EQ(Loose(h), std::vector<std::string>{});
  EXPECT_EQ(h.Scalar("SELECT 1", {"--project", "app"}), "1");
}

// Item 11, random bytes in every command's arguments: fuzzed over every
// command the CLI has in Hardening3.RandomArgumentsInEveryCommandNeverCrash.

// Item 11: the reproduction from the issue.
TEST(Hardening, InvalidUtf8NameGivesJsonError) {
  GraftHome h;
  auto r = h.Run({"--json", "project", "create", "h\xE9llo"});
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.code, 3);
  auto j = r.json();
  EXPECT_EQ(j["error"]["kind"], "usage");
  EXPECT_NE(r.err.find("h\\xE9llo"), std::string::npos) << r.err;
  r = h.Run({"project", "create", "a\nb"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;  // error: and hint:, one line each
}

namespace {
os::User Nobody() {
  struct passwd* pw = getpwnam("nobody");
  if (!pw) return {};
  return {pw->pw_name, pw->pw_uid, pw->pw_gid, "/"};
}
}  // namespace

// Item 5: lock files sit in a folder only the owner can enter, so another
// user cannot open (and flock) them; a loosened folder is made private again.
TEST(Hardening, LocksAreInAPrivateFolder) {
  GraftHome h("", kColdHome);  // a cold home makes its template under a lock file: one to try
  h.Ok({"project", "create", "app"});
  std::string locks = h.dir() + "/locks";
  auto files = os::ListDir(locks);
  ASSERT_FALSE(files.empty());
  struct stat st {};
  ASSERT_EQ(stat(locks.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  os::User nobody = Nobody();
  ASSERT_NE(nobody.uid, 0u);
  chmod(h.dir().c_str(), 0711);  // as a home under a traversable parent
  auto r = os::Run({.argv = {"flock", "-n", locks + "/" + files[0], "true"}, .as_user = nobody, .cwd = "/"});
  EXPECT_NE(r.exit_code, 0) << "another user took a lock";
  chmod(locks.c_str(), 0755);
  h.Ok({"status"});
  ASSERT_EQ(stat(locks.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
}

// Item 3: a home owned by another user, writable by others, or with a
// planted link among graft's files is refused before anything is read or
// written; --allow-other-owner accepts another owner.
TEST(Hardening, HomeOwnedByAnotherUserOrWithLinksIsRefused) {
  os::User nobody = Nobody();
  ASSERT_NE(nobody.uid, 0u);
  {
    GraftHome h;
    h.Ok({"status"});
    ASSERT_EQ(chown(h.dir().c_str(), nobody.uid, nobody.gid), 0);
    auto r = h.Run({"status"});
    EXPECT_EQ(r.code, 8) << r.err;
    EXPECT_NE(r.err.find("belongs to uid " + std::to_string(nobody.uid)), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--allow-other-owner"), std::string::npos) << r.err;
    EXPECT_EQ(h.Run({"status", "--allow-other-owner"}).code, 0);
    ASSERT_EQ(chown(h.dir().c_str(), 0, 0), 0);
    ASSERT_EQ(chown((h.dir() + "/graft.db").c_str(), nobody.uid, nobody.gid), 0);
    EXPECT_EQ(h.Run({"status"}).code, 8);
    ASSERT_EQ(chown((h.dir() + "/graft.db").c_str(), 0, 0), 0);
    chmod(h.dir().c_str(), 0777);
    r = h.Run({"status"});
    EXPECT_EQ(r.code, 8);
    EXPECT_NE(r.err.find("writable by other users"), std::string::npos) << r.err;
    chmod(h.dir().c_str(), 0711);
    EXPECT_EQ(h.Run({"status"}).code, 0);
  }
  {
    // A planted graft.db link must not make graft create a file elsewhere.
    GraftHome h;
    std::string target = h.dir() + "-planted";
    ASSERT_EQ(symlink(target.c_str(), (h.dir() + "/graft.db").c_str()), 0);
    auto r = h.Run({"status"});
    EXPECT_EQ(r.code, 8);
    EXPECT_NE(r.err.find("symbolic link"), std::string::npos) << r.err;
    EXPECT_FALSE(os::Exists(target));
    os::RemoveAll(h.dir() + "/graft.db");
    // Nor a config.json link make graft read another user's file.
    os::WriteFileAtomic(target, "{}");
    os::RemoveAll(h.dir() + "/config.json");
    ASSERT_EQ(symlink(target.c_str(), (h.dir() + "/config.json").c_str()), 0);
    EXPECT_EQ(h.Run({"status"}).code, 8);
    os::RemoveAll(target);
  }
}

// Item 4: config.json is validated (one line, exit 3) and settings values
// are quoted as postgresql.conf requires: a quote in a value starts the
// server with that value, and reachability settings are refused.
TEST(Hardening, ConfigValuesAreValidatedAndQuoted) {
  {
    GraftHome h(R"("instance_settings": {"cluster_name": "it's \\ mine", "fsync": false})");
    h.Ok({"project", "create", "app"});
    EXPECT_EQ(h.Scalar("SHOW cluster_name", {"--project", "app"}), "it's \\ mine");
  }
  {
    GraftHome h(R"("instance_settings": {"listen_addresses": "*"})");
    auto r = h.Run({"project", "create", "app"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("instance_settings.listen_addresses"), std::string::npos) << r.err;
    EXPECT_FALSE(os::Exists(h.dir() + "/instances/1"));
  }
  {
    GraftHome h(R"("quotas": {"branches_per_parnet": 1})");
    auto r = h.Run({"status"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("did you mean 'branches_per_parent'"), std::string::npos) << r.err;
  }
}

// Item 7: secrets can come from a file or stdin, single-line settings refuse
// control characters, listings never print a database password, and a URL
// echoed in an error has its password redacted.
TEST(Hardening, SecretsStayOutOfArgumentsListingsAndErrors) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"branch", "create", "work", "--project", "app", "--no-switch"});
  auto r = h.Run({"email", "settings", "set", "--project", "app", "sender_name=Shop\r\nBcc: victim@example.com"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("control character"), std::string::npos) << r.err;
  r = h.Run({"email", "settings", "set", "--project", "app", "--value-file", "smtp_password=-"}, {}, "s3cret pw\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << r.out;
  EXPECT_EQ(h.Scalar("SELECT secret_value FROM email.settings WHERE key = 'smtp_password'", {"--project", "app"}),
            "s3cret pw");

  std::string url = h.Json({"url", "--project", "app"})["url"];
  std::string password = url.substr(url.find(':', 14) + 1, url.find('@') - url.find(':', 14) - 1);
  ASSERT_GE(password.size(), 8u) << url;
  std::string burl = h.Json({"url", "--project", "app", "--branch", "work"})["url"];
  std::string bpassword = burl.substr(burl.find(':', 14) + 1, burl.find('@') - burl.find(':', 14) - 1);
  for (std::vector<std::string> listing : {std::vector<std::string>{"project", "list"},
                                           {"project", "info", "app"},
                                           {"status"},
                                           {"branch", "list", "--project", "app"}}) {
    for (bool json : {false, true}) {
      auto args = listing;
      if (json) args.push_back("--json");
      auto out = h.Ok(args);
      EXPECT_EQ(out.find(password), std::string::npos) << GraftHome::Join(args) << "\n" << out;
      EXPECT_EQ(out.find(bpassword), std::string::npos) << GraftHome::Join(args) << "\n" << out;
    }
  }
  r = h.Run({"diff", "postgresql://postgres:hunter2pw@127.0.0.1:1/x", "postgresql://postgres:hunter2pw@127.0.0.1:1/y",
             "--json"});
  EXPECT_NE(r.code, 0);
  EXPECT_EQ((r.out + r.err).find("hunter2pw"), std::string::npos) << r.out << r.err;
}

// Items 17 and 19: exit codes of the README's table for bad input, and
// `graft --version`.
TEST(Hardening, ExitCodesForBadInputAndVersion) {
  GraftHome h;
  auto v = h.Run({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("graft ", 0), 0u) << v.out;
  h.Ok({"project", "create", "app"});
  auto r = h.Run({"token", "mint", "--project", "app", "--sub", "u", "--ttl", "9223372036854775807"});
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_EQ(h.Run({"token", "mint", "--project", "app", "--sub", "\xFF"}).code, 3);
  EXPECT_EQ(h.Run({"sql", "--project", "app", "-f", "/tmp"}).code, 3);
  std::string latin1 = h.dir() + "-latin1.sql";
  os::WriteFileAtomic(latin1, "SELECT 'caf\xE9';\n");
  r = h.Run({"sql", "--project", "app", "-f", latin1});
  os::RemoveAll(latin1);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("latin1.sql"), std::string::npos) << r.err;
  h.Ok({"storage", "buckets", "create", "media", "--project", "app"});
  h.Ok({"storage", "objects", "put", "media/a", "/etc/hostname", "--project", "app"});
  EXPECT_EQ(h.Run({"storage", "objects", "get", "media/a", "/tmp", "--project", "app"}).code, 3);
  EXPECT_EQ(h.Run({"migrations", "apply", "--dir", "/nonexistent-graft-dir", "--project", "app"}).code, 4);
  // Item 19: -p/-b work on core commands as on platform commands.
  h.Ok({"branch", "create", "work", "-p", "app", "--no-switch"});
  EXPECT_EQ(h.Scalar("SELECT 7", {"-p", "app", "-b", "work"}), "7");
  EXPECT_EQ(h.Run({"url", "-p", "app", "-b", "work"}).code, 0);
  EXPECT_EQ(h.Run({"token", "mint", "--sub", "u", "-p", "app", "-b", "work"}).code, 0);
  EXPECT_EQ(h.Run({"project", "keys", "app", "-b", "work"}).code, 0);
  EXPECT_EQ(h.Run({"stop", "-p", "app"}).code, 0);
  EXPECT_EQ(h.Run({"start", "-p", "app"}).code, 0);
}

// Item 10: a partial upload left in storage/tmp by a killed put is never
// hard-linked into a branch or its snapshot, nor brought back by a reset.
TEST(Hardening, StorageTmpIsNeverLinkedIntoBranches) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"storage", "buckets", "create", "media", "--project", "app"});
  h.Ok({"storage", "objects", "put", "media/a", "/etc/hostname", "--project", "app"});
  std::string parent = h.dir() + "/instances/" + os::ListDir(h.dir() + "/instances")[0];
  os::WriteFileAtomic(parent + "/storage/tmp/abc.partial", "half an upload");
  h.Ok({"branch", "create", "work", "--project", "app", "--no-switch"});
  h.Ok({"branch", "reset", "work", "--project", "app", "-y"});
  std::vector<std::string> tmp_files;
  for (const auto& id : os::ListDir(h.dir() + "/instances")) {
    for (const auto& f : os::ListDir(h.dir() + "/instances/" + id + "/storage/tmp")) tmp_files.push_back(id + "/" + f);
  }
  for (const auto& id : os::ListDir(h.dir() + "/snapshots")) {
    for (const auto& f : os::ListDir(h.dir() + "/snapshots/" + id + "/storage/tmp")) tmp_files.push_back("snap" + id + "/" + f);
  }
  // The abandoned upload itself is removed by the next command (item 10).
  EXPECT_EQ(tmp_files, std::vector<std::string>{});
  // The branch still has the parent's object.
  EXPECT_EQ(h.Ok({"storage", "objects", "get", "media/a", "--project", "app", "--branch", "work"}),
            os::ReadFile("/etc/hostname"));
}

// Item 6: a token verifies on the project whose ref it carries and on that
// project's branches; a branch's tokens are refused on the parent and on a
// sibling (they share the JWT secret).
TEST(Hardening, TokensVerifyOnlyWhereTheirRefAllows) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  h.Ok({"branch", "create", "one", "--project", "app", "--no-switch"});
  h.Ok({"branch", "create", "two", "--project", "app", "--no-switch"});
  auto mint = [&](std::vector<std::string> target) {
    std::vector<std::string> args = {"token", "mint", "--sub", "alice", "--json"};
    args.insert(args.end(), target.begin(), target.end());
    auto r = h.Run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    return r.json()["token"].get<std::string>();
  };
  auto verify = [&](const std::string& tok, std::vector<std::string> target) {
    std::vector<std::string> args = {"token", "verify", tok};
    args.insert(args.end(), target.begin(), target.end());
    return h.Run(args).code;
  };
  std::vector<std::string> parent = {"--project", "app"}, one = {"--project", "app", "--branch", "one"},
                           two = {"--project", "app", "--branch", "two"};
  std::string ptok = mint(parent), btok = mint(one);
  EXPECT_EQ(verify(ptok, parent), 0);
  EXPECT_EQ(verify(ptok, one), 0);
  EXPECT_EQ(verify(btok, one), 0);
  EXPECT_EQ(verify(btok, parent), 3);
  EXPECT_EQ(verify(btok, two), 3);
  std::string banon = h.Json({"project", "keys", "app", "--branch", "one"})["anon_key"];
  EXPECT_EQ(verify(banon, one), 0);
  EXPECT_EQ(verify(banon, parent), 3);
  std::string panon = h.Json({"project", "keys", "app"})["anon_key"];
  EXPECT_EQ(verify(panon, two), 0);
}

}  // namespace graft::testing

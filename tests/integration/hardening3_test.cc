// Integration tests of issue 10 (hardening), third part: a home that does
// not exist is never created by a command that only reads (item 17), every
// message is one line with names quoted and long values cut (item 18), config
// and flag errors do not show library internals (item 18), and random bytes
// in the arguments of every command the CLI has (walked from its own --help)
// and in the command names never crash graft (item 11).
//
// Under the sanitizers each graft process costs far more than what it checks,
// so where a check holds for any combination of inputs (text or --json, flag
// or environment) each input is run once, in a combination that still
// exercises every command, value and output mode, instead of every product.
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/text.h"
#include "graft_home.h"

namespace graft::testing {

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string Shown(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += Quoted(a, 60) + " ";
  return s;
}

// What every failing command prints: one `error:` line, at most one `hint:`
// line, each valid UTF-8 and bounded; with --json one JSON document on
// stdout whose code is the exit code and whose message is that same line.
void ExpectOneLineError(const Cmd& r, bool json, const std::vector<std::string>& args) {
  std::string shown = Shown(args);
  ASSERT_EQ(r.signal, 0) << shown;
  ASSERT_NE(r.code, 0) << shown;
  EXPECT_TRUE(IsValidUtf8(r.err)) << shown;
  auto lines = Lines(r.err);
  ASSERT_GE(lines.size(), 1u) << shown;
  EXPECT_LE(lines.size(), 2u) << shown << "\n" << r.err;
  EXPECT_EQ(lines[0].rfind("error: ", 0), 0u) << shown << "\n" << r.err;
  if (lines.size() == 2) {
    EXPECT_EQ(lines[1].rfind("hint: ", 0), 0u) << shown << "\n" << r.err;
  }
  for (const auto& l : lines) EXPECT_LE(l.size(), 2100u) << shown;
  if (json) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << shown << "\nnot JSON: " << r.out;
    EXPECT_EQ(j["error"]["code"], r.code) << shown;
    std::string message = j["error"]["message"];
    EXPECT_EQ(message.find('\n'), std::string::npos) << shown;
    EXPECT_EQ("error: " + message, lines[0]) << shown;
  }
}

}  // namespace

// Item 17: read-only commands on a home that does not exist (by --home or
// GRAFT_HOME) fail with exit 4 naming it, and create nothing: no folder, no
// graft.db, no locks. `project create` is the one command that makes a home.
TEST(Hardening3, ReadOnlyCommandsOnAMissingHomeCreateNothing) {
  GraftHome h;
  const std::string parent = h.dir() + "/not-yet";
  const std::string missing = parent + "/home";
  const std::vector<std::vector<std::string>> commands = {
      {"status"},
      {"project", "list"},
      {"project", "info", "app"},
      {"project", "keys", "app"},
      {"project", "delete", "app", "-y"},
      {"start"},
      {"stop"},
      {"link", "app"},
      {"url", "-p", "app"},
      {"sql", "-p", "app", "-c", "SELECT 1"},
      {"token", "mint", "-p", "app", "--sub", "u"},
      {"branch", "list", "-p", "app"},
      {"branch", "create", "work", "-p", "app"},
      {"storage", "buckets", "list", "-p", "app"},
      {"migrations", "list", "-p", "app", "--dir", h.dir()},
      {"auth", "settings", "get", "-p", "app"},
  };
  // Each command in text and in JSON, by --home and by GRAFT_HOME (two runs:
  // json == by_env for even commands, json != by_env for odd ones, so each
  // of the four combinations runs on half of the commands).
  for (size_t i = 0; i < commands.size(); ++i) {
    const auto& cmd = commands[i];
    for (bool json : {false, true}) {
      {
        bool by_env = json != (i % 2 == 1);
        std::vector<std::string> argv = {GRAFT_BINARY};
        if (!by_env) argv.insert(argv.end(), {"--home", missing});
        argv.insert(argv.end(), cmd.begin(), cmd.end());
        if (json) argv.push_back("--json");
        std::map<std::string, std::string> env = {{"GRAFT_PROJECT", ""}};
        if (by_env) env["GRAFT_HOME"] = missing;
        auto r = os::Run({.argv = argv, .env = env});
        Cmd c{r.exit_code, r.signal, r.out, r.err};
        ExpectOneLineError(c, json, argv);
        EXPECT_EQ(c.code, 4) << Shown(argv) << "\n" << c.err;
        EXPECT_NE(c.err.find("error: no graft home at '" + missing + "'"), std::string::npos) << c.err;
        EXPECT_NE(c.err.find("hint: run 'graft project create"), std::string::npos) << c.err;
        if (json) {
          EXPECT_EQ(c.json()["error"]["kind"], "not_found");
        }
        ASSERT_FALSE(os::Exists(parent)) << Shown(argv) << " created " << parent;
      }
    }
  }
  // Help and version need no home and make none.
  for (std::vector<std::string> args : {std::vector<std::string>{"--version"}, {"--help"}, {"status", "--help"}}) {
    std::vector<std::string> argv = {GRAFT_BINARY, "--home", missing};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = os::Run({.argv = argv});
    EXPECT_EQ(r.exit_code, 0) << Shown(argv) << r.err;
    EXPECT_FALSE(os::Exists(parent)) << Shown(argv);
  }
  // An existing home keeps working as before.
  auto r = h.Run({"project", "list", "--json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.json()["projects"].empty());
}

// Item 17: `project create` makes the home it is pointed at (folders, control
// plane, a private locks folder) and the read-only commands then find it.
TEST(Hardening3, ProjectCreateMakesTheHome) {
  GraftHome h;
  const std::string home = h.dir() + "/made/by-create";
  std::vector<std::string> base = {GRAFT_BINARY, "--home", home};
  auto run = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = base;
    argv.insert(argv.end(), args.begin(), args.end());
    return os::Run({.argv = argv, .env = {{"GRAFT_PROJECT", ""}}});
  };
  ASSERT_EQ(run({"status"}).exit_code, 4);
  // The template is copied in first, as every test home is seeded with it,
  // but through the create: the home itself does not exist yet.
  auto create = run({"project", "create", "app"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  EXPECT_TRUE(os::Exists(home + "/graft.db"));
  struct stat st {};
  ASSERT_EQ(stat((home + "/locks").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto list = run({"project", "list", "--json"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(nlohmann::json::parse(list.out)["projects"].size(), 1u);
  EXPECT_EQ(run({"stop"}).exit_code, 0);
}

// Item 18: hostile names and values (a newline, a tab, a quote, an escape
// sequence, a 10 kB value, a multi-byte character across the cut point)
// give exactly one `error:` line (and a `hint:`), the exit code of the
// README's table, and valid JSON with --json; the value is quoted with
// escapes and a long one is cut, with its length.
TEST(Hardening3, HostileNamesGiveOneLineErrors) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  const std::string ten_kb(10240, 'n');
  const std::string cut_point = std::string(79, 'm') + "\xE2\x82\xAC" + std::string(100, 'm');
  const std::vector<std::string> values = {"a\nb", "tab\there", "it's", "esc\x1B[2Jape", "del\x7F", ten_kb,
                                           cut_point, "\xC2\x85nel", "caf\xC3\xA9"};
  const std::string V = "\x01";  // replaced by each value
  // command -> the exit code every hostile value must give.
  const std::vector<std::pair<std::vector<std::string>, int>> commands = {
      {{"project", "create", V}, 3},
      {{"project", "info", V}, 3},
      {{"project", "delete", V, "-y"}, 3},
      {{"project", "create", "ok", "--org", V}, 3},
      {{"link", V}, 3},
      {{"url", "-p", V}, 3},
      {{"url", "-p", "app", "-b", V}, 3},
      {{"sql", "-p", "app", "-b", V, "-c", "SELECT 1"}, 3},
      {{"branch", "create", V, "-p", "app"}, 3},
      {{"branch", "create", "b", "-p", "app", "--mode", V}, 3},
      {{"branch", "switch", V, "-p", "app"}, 3},
      {{"branch", "reset", V, "-p", "app", "-y"}, 3},
      {{"branch", "delete", V, "-p", "app", "-y"}, 3},
      {{"branch", "merge", V, "--project", "app", "-y"}, 3},
      {{"storage", "buckets", "create", V, "-p", "app"}, 3},
      {{"storage", "buckets", "get", V, "-p", "app"}, 4},
      {{"auth", "providers", "get", V, "-p", "app"}, 4},
      {{"functions", "get", V, "-p", "app"}, 4},
      {{"schedules", "get", V, "-p", "app"}, 4},
      {{"realtime", "channels", "add", V, "-p", "app"}, 3},
      {{"email", "templates", "get", V, "-p", "app"}, 3},
      {{"diff", V, V}, 3},
      {{"sql", "-p", "app", "-f", "/nonexistent/" + V}, 4},
  };
  // Every command with every value, each pair once: in JSON for every other
  // pair (alternating along both lists, so every command and every value runs
  // in both modes).
  for (size_t ci = 0; ci < commands.size(); ++ci) {
    const auto& [cmd, code] = commands[ci];
    for (size_t vi = 0; vi < values.size(); ++vi) {
      const auto& value = values[vi];
      {
        bool json = (ci + vi) % 2 == 1;
        std::vector<std::string> args;
        for (const auto& a : cmd) {
          if (a == V) args.push_back(value);
          else if (a.find(V) != std::string::npos) args.push_back(a.substr(0, a.find(V)) + value);
          else args.push_back(a);
        }
        if (json) args.push_back("--json");
        auto r = h.Run(args);
        ExpectOneLineError(r, json, args);
        EXPECT_EQ(r.code, code) << Shown(args) << "\n" << r.err;
        if (value == ten_kb) {
          // Cut, with the value's length.
          EXPECT_LE(Lines(r.err)[0].size(), 600u) << Shown(args) << "\n" << r.err;
        }
      }
    }
  }
  // The name in the message is quoted with escapes.
  auto r = h.Run({"project", "create", "a\nb"});
  EXPECT_EQ(Lines(r.err)[0], "error: invalid project name 'a\\nb': name has the character '\\n'");
  r = h.Run({"project", "create", ten_kb});
  EXPECT_EQ(Lines(r.err)[0], "error: invalid project name '" + std::string(80, 'n') +
                                 "...' (10240 bytes): name is 10240 bytes long");
  // The cut falls inside the euro sign: it goes whole.
  r = h.Run({"project", "info", cut_point});
  EXPECT_NE(r.err.find("name '" + std::string(79, 'm') + "...' (182 bytes)"), std::string::npos) << r.err;
  r = h.Run({"storage", "buckets", "get", cut_point, "-p", "app"});
  EXPECT_NE(r.err.find("bucket '" + std::string(79, 'm') + "...' (182 bytes) not found"), std::string::npos) << r.err;
  // Not valid UTF-8: refused before anything else, byte shown escaped.
  r = h.Run({"--json", "branch", "create", "x\xFF\xFEy", "-p", "app"});
  ExpectOneLineError(r, true, {"branch", "create", "x\\xFF\\xFEy"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("'x\\xFF\\xFEy'"), std::string::npos) << r.err;
  EXPECT_EQ(h.Json({"branch", "list", "-p", "app"})["branches"].size(), 0u);
}

// Item 17: a file whose contents are not UTF-8 is bad input (3) naming the
// file, for every command that reads one (not a database error, 9), and
// nothing of it runs.
TEST(Hardening3, NonUtf8FileContentsAreUsageErrorsNamingTheFile) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  const std::string dir = h.dir() + "-latin1";
  os::MakeDirs(dir + "/migrations", 0700);
  os::WriteFileAtomic(dir + "/fn.js", "export default () => 'caf\xE9';\n");
  os::WriteFileAtomic(dir + "/body.html", "<p>caf\xE9</p>\n");
  os::WriteFileAtomic(dir + "/migrations/20260101000000_latin.sql", "CREATE TABLE caf\xE9 (id int);\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> commands = {
      {{"functions", "deploy", "fn", "-f", dir + "/fn.js", "-p", "app"}, "fn.js"},
      {{"email", "templates", "set", "invite", "--body-file", dir + "/body.html", "-p", "app"}, "body.html"},
      {{"migrations", "apply", "--dir", dir + "/migrations", "-p", "app"}, "20260101000000_latin.sql"},
      {{"sql", "-f", dir + "/fn.js", "-p", "app"}, "fn.js"},
  };
  for (const auto& [args, file] : commands) {
    auto r = h.Run(args);
    ExpectOneLineError(r, false, args);
    EXPECT_EQ(r.code, 3) << Shown(args) << "\n" << r.err;
    EXPECT_NE(r.err.find(file + "' is not valid UTF-8"), std::string::npos) << r.err;
  }
  EXPECT_EQ(h.Json({"functions", "list", "-p", "app"})["functions"].size(), 0u);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM system.migrations", {"-p", "app"}), "0");
  os::RemoveAll(dir);
}

// Item 18: config.json and flag errors name the key or flag in graft's own
// words (exit 3, one line) and never show the JSON or CLI library's
// exception texts.
TEST(Hardening3, ConfigAndFlagErrorsShowNoLibraryInternals) {
  const std::vector<std::pair<std::string, std::string>> configs = {
      {R"({"quotas": )", "not valid JSON"},
      {R"({"quotas": {"branches_per_parent": "two"}})", "quotas.branches_per_parent"},
      {R"({"quotas": {"branches_per_parent": 1.5}})", "quotas.branches_per_parent"},
      {R"({"quotas": {"branches_per_parent": null}})", "quotas.branches_per_parent"},
      {R"({"ports": {"first": 4294967297}})", "ports.first"},
      {R"({"ports": []})", "ports"},
      {R"({"instance_settings": {"work_mem": ["1MB"]}})", "instance_settings.work_mem"},
      {R"({"instance_settings": {"cluster_name": "a\nb"}})", "cluster_name"},
      {R"([1, 2])", "config"},
      {"\xFF\xFE{}", "not valid JSON"},
  };
  for (const auto& [text, names] : configs) {
    GraftHome h("", kColdHome);  // no server is started: no template needed
    os::WriteFileAtomic(h.dir() + "/config.json", text);
    for (bool json : {false, true}) {
      std::vector<std::string> args = {"status"};
      if (json) args.push_back("--json");
      auto r = h.Run(args);
      ExpectOneLineError(r, json, args);
      EXPECT_EQ(r.code, 3) << text << "\n" << r.err;
      EXPECT_NE(r.err.find("config.json"), std::string::npos) << text << "\n" << r.err;
      EXPECT_NE(r.err.find(names), std::string::npos) << text << "\n" << r.err;
      for (const char* internal : {"json.exception", "type_error", "parse_error", "nlohmann", "[json"}) {
        EXPECT_EQ(r.err.find(internal), std::string::npos) << text << "\n" << r.err;
      }
    }
  }
  GraftHome h("", kColdHome);
  const std::vector<std::vector<std::string>> bad_flags = {
      {"token", "mint", "--sub", "u", "--ttl", "soon"},
      {"branch", "merge", "b", "--lock-timeout", "0"},
      {"status", "--no-such-flag"},
      {"project"},
      {"project", "create"},
      {"nosuchcommand"},
      {"projetc", "list"},
      {"project", "lsit"},
      {"status", "extra"},
      {"sql", "-c"},
  };
  for (const auto& args0 : bad_flags) {
    for (bool json : {false, true}) {
      auto args = args0;
      // First: after `-c` it would be taken as the flag's value.
      if (json) args.insert(args.begin(), "--json");
      auto r = h.Run(args);
      ExpectOneLineError(r, json, args);
      EXPECT_EQ(r.code, 3) << Shown(args) << "\n" << r.err;
      // The hint names the command to read about (or the one meant).
      EXPECT_TRUE(r.err.find("hint: run 'graft") != std::string::npos ||
                  r.err.find("hint: did you mean 'graft") != std::string::npos)
          << r.err;
      for (const char* internal : {"CLI::", "ParseError", "ConversionError", "ArgumentMismatch"}) {
        EXPECT_EQ(r.err.find(internal), std::string::npos) << Shown(args) << "\n" << r.err;
      }
    }
  }
}

namespace {

// One command of the CLI as its --help describes it.
struct Leaf {
  std::vector<std::string> path;         // {"storage", "objects", "put"}
  std::vector<std::string> positionals;  // their names, in order
  std::vector<std::string> options;      // long names of options taking a value
  std::set<std::string> required;        // options marked REQUIRED
};

// Walks `graft [path] --help` down every subcommand: the command list comes
// from the CLI itself, so a new command is fuzzed without editing this test.
// `groups` gets every path that has subcommands (the top level included).
void Walk(const GraftHome& h, const std::vector<std::string>& path, std::vector<Leaf>* out,
          std::vector<std::vector<std::string>>* groups) {
  auto args = path;
  args.push_back("--help");
  auto r = h.Run(args);
  ASSERT_EQ(r.code, 0) << Shown(args) << r.err;
  static const std::regex sub_re(R"(^  ([a-z][a-z0-9-]*)\s.*)");
  static const std::regex pos_re(R"(^  ([A-Z][A-Z0-9_/.-]*) ([A-Z]\S*).*)");
  static const std::regex opt_re(R"(^  (-[^ ]+)( ([A-Z][A-Z:]*)\S*)?(.*))");
  std::string section;
  Leaf leaf{path, {}, {}, {}};
  std::vector<std::string> subs;
  for (const auto& line : Lines(r.out)) {
    if (!line.empty() && line[0] != ' ') {
      section = line;
      continue;
    }
    std::smatch m;
    if (section == "Subcommands:" && std::regex_match(line, m, sub_re)) {
      subs.push_back(m[1]);
    } else if (section == "Positionals:" && std::regex_match(line, m, pos_re)) {
      leaf.positionals.push_back(m[1]);
    } else if (section == "Options:" && std::regex_match(line, m, opt_re) && m[2].matched) {
      std::string names = m[1];
      std::string name = names.substr(names.rfind(',') == std::string::npos ? 0 : names.rfind(',') + 1);
      if (name == "--help" || name == "--help-all" || name == "--home") continue;
      leaf.options.push_back(name);
      if (std::string(m[4]).find("REQUIRED") != std::string::npos) leaf.required.insert(name);
    }
  }
  if (subs.empty()) {
    out->push_back(leaf);
    return;
  }
  groups->push_back(path);
  for (const auto& s : subs) {
    auto p = path;
    p.push_back(s);
    Walk(h, p, out, groups);
  }
}

std::string RandomArg(std::mt19937& rng) {
  std::string s;
  int kind = static_cast<int>(rng() % 4);
  size_t len = 1 + rng() % (kind == 3 ? 3000 : 12);
  static const std::vector<std::string> pieces = {"\n", "'", "\"", "\\", "\x1B[2J", "\t", "%s", "$1", "\xC3\xA9",
                                                   "\xE2\x82\xAC", "\xF0\x9F\x98\x80", ";", "--", "a", "/", "..",
                                                   "\r", "\x7F", "\xC2\x85", "=", ":", "-"};
  for (size_t i = 0; i < len; ++i) {
    if (kind == 0) s.push_back(static_cast<char>(rng() % 256));
    else s += pieces[rng() % pieces.size()];
  }
  return s;
}

}  // namespace

// Item 11: random bytes in each argument of every command (walked from the
// CLI's own --help) and as the command name at every level: an exit code of
// the README's table, never a signal, one bounded UTF-8 `error:` line, valid
// JSON with --json (on success too). One run per leaf and argument made
// random (its positionals, then each option in turn), in text or in JSON
// alternately (a leaf with a single run runs in both), so every leaf, option
// and output mode is exercised. The values come from a seeded RNG
// (GRAFT_FUZZ_SEED overrides the seed; every failure shows it).
TEST(Hardening3, RandomArgumentsInEveryCommandNeverCrash) {
  GraftHome h;
  h.Ok({"project", "create", "app"});
  std::vector<Leaf> leaves;
  std::vector<std::vector<std::string>> groups;
  Walk(h, {}, &leaves, &groups);
  ASSERT_GE(leaves.size(), 50u) << "the walk found too few commands";
  ASSERT_GE(groups.size(), 10u) << "the walk found too few command groups";
  std::set<std::string> seen;
  for (const auto& l : leaves) seen.insert(GraftHome::Join(l.path));
  for (const char* expected : {"project create", "branch merge", "storage objects put", "migrations new",
                               "schedules update", "token verify", "diff", "status"}) {
    EXPECT_TRUE(seen.count(expected)) << expected;
  }
  const std::string scratch = h.dir() + "-fuzz";
  os::MakeDirs(scratch, 0700);
  // Values that let a command get past its required flags; paths that graft
  // writes to are never random (a random absolute path would be written).
  const std::map<std::string, std::string> fixed = {
      {"--sub", "u"}, {"--cron", "* * * * *"}, {"--sql", "SELECT 1"}, {"-f", "/etc/hostname"},
      {"--file", "/etc/hostname"}, {"--dir", scratch}, {"--save-sql", scratch + "/plan.sql"},
  };
  // leaf + " " + option: the options a leaf writes to.
  const std::set<std::string> never_random = {"migrations new --dir", "branch merge --save-sql"};
  const std::set<int> codes = {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  uint32_t seed = 20261201;
  if (const char* env = getenv("GRAFT_FUZZ_SEED"); env && *env) seed = static_cast<uint32_t>(std::stoul(env));
  SCOPED_TRACE("GRAFT_FUZZ_SEED=" + std::to_string(seed));
  std::mt19937 rng(seed);
  int runs = 0;
  std::set<std::pair<std::string, bool>> modes;  // (leaf, json) run
  auto check = [&](const std::vector<std::string>& args, bool json) {
    auto r = h.Run(args);
    ++runs;
    std::string shown = Shown(args);
    ASSERT_EQ(r.signal, 0) << shown;
    EXPECT_TRUE(codes.count(r.code)) << "exit " << r.code << ": " << shown << "\n" << r.err;
    EXPECT_TRUE(IsValidUtf8(r.err)) << shown;
    if (r.code != 0) ExpectOneLineError(r, json, args);
    if (json && r.code == 0 && !r.out.empty()) {
      EXPECT_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded()) << shown << "\n" << r.out;
    }
  };
  size_t turn = 0;  // alternates text and JSON over every run
  for (const auto& leaf : leaves) {
    std::string name = GraftHome::Join(leaf.path);
    bool takes_project = std::count(leaf.options.begin(), leaf.options.end(), "--project") > 0;
    std::vector<int> rounds;  // -1: every positional random; i: option i random
    for (int which = -1; which < static_cast<int>(leaf.options.size()); ++which) {
      if (which < 0 || !never_random.count(name + " " + leaf.options[static_cast<size_t>(which)])) rounds.push_back(which);
    }
    if (rounds.size() == 1) rounds.push_back(-1);  // a single run: once in each mode
    for (int which : rounds) {
      std::string random_option = which >= 0 ? leaf.options[static_cast<size_t>(which)] : "";
      bool json = turn++ % 2 == 1;
      std::vector<std::string> args = leaf.path;
      for (size_t i = 0; i < leaf.positionals.size(); ++i) args.push_back(which < 0 ? RandomArg(rng) : "x");
      if (takes_project && random_option != "--project") args.insert(args.end(), {"--project", "app"});
      for (const auto& o : leaf.options) {
        if (o == random_option) {
          args.insert(args.end(), {o, RandomArg(rng)});
        } else if (leaf.required.count(o) || fixed.count(o)) {
          args.insert(args.end(), {o, fixed.count(o) ? fixed.at(o) : "x"});
        }
      }
      if (json) args.push_back("--json");
      check(args, json);
      if (::testing::Test::HasFatalFailure()) return;
      modes.insert({name, json});
    }
    // A command that stopped the project's instance: start it again so the
    // next commands reach it.
    if (leaf.path == std::vector<std::string>{"stop"}) h.Ok({"start"});
  }
  // A random command name at every level, in both modes.
  for (const auto& group : groups) {
    for (bool json : {false, true}) {
      auto args = group;
      args.push_back(RandomArg(rng));
      if (json) args.push_back("--json");
      check(args, json);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  // Every leaf ran in text and in JSON.
  for (const auto& leaf : leaves) {
    std::string name = GraftHome::Join(leaf.path);
    EXPECT_TRUE(modes.count({name, false}) && modes.count({name, true})) << name;
  }
  EXPECT_GE(runs, 250);
  os::RemoveAll(scratch);
  // The project is still there and answers.
  h.Ok({"start"});
  EXPECT_EQ(h.Scalar("SELECT 1", {"--project", "app"}), "1");
}

}  // namespace graft::testing

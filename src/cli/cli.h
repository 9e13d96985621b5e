// graft/cli/cli.h: the command-line layer. Thin: it parses flags, calls the
// engine, and prints. Each command family registers itself from its own file
// (cmd_<family>.cc) so families can grow independently.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <functional>
#include <memory>
#include <string>

#include "engine/engine.h"

namespace graft::cli {

// Options every command shares.
struct Globals {
  std::string home;      // --home / GRAFT_HOME
  bool json = false;     // --json
  int verbose = 0;       // -v (repeatable)
  bool allow_other_owner = false;  // --allow-other-owner: accept a home owned by another user
};

// The engine on the home of --home / GRAFT_HOME (--allow-other-owner), after
// its startup step (Engine::Recover). Only a command that makes a home
// (`project create`) passes HomeMode::kCreate; on a home that does not exist
// every other command fails with exit 4 and creates nothing.
std::unique_ptr<engine::Engine> OpenEngine(const Globals& g, engine::HomeMode mode = engine::HomeMode::kOpen);

// `j` as indented JSON; bytes that are not valid UTF-8 become U+FFFD (never
// an exception).
std::string Dump(const nlohmann::json& j);
// Prints `j` as JSON (--json) or calls `text` to print readable output.
void Emit(const Globals& g, const nlohmann::json& j, const std::function<void()>& text);

// A CLI11 parse error in graft's words: the flag, the value (quoted) and
// the command, never the library's exception text; the hint names the
// command's --help.
struct ParseErrorText {
  std::string message;
  std::string hint;
};
ParseErrorText DescribeParseError(const CLI::App& app, const CLI::ParseError& e);

// True when stdout is a terminal (progress lines go to stderr only then).
bool Interactive();

// JSON of a project or branch. Its URL's password is shown only with
// `with_password` (where a URL is handed out: create, reset, `graft url`);
// listings show it as ****.
nlohmann::json TargetJson(const engine::Target& t, bool with_password = false);
// Prints each step of long operations to stderr as it starts (on a
// terminal, without --json) and, with -v, as it finishes with its duration:
// "step clone 1.23 s".
void InstallProgress(const Globals& g);
// Optional flag value: empty string means not given.
inline std::optional<std::string> Opt(const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); }

void RegisterProjectCommands(CLI::App& app, Globals& g);
void RegisterInstanceCommands(CLI::App& app, Globals& g);
void RegisterSqlCommands(CLI::App& app, Globals& g);
void RegisterTokenCommands(CLI::App& app, Globals& g);
void RegisterDiffCommands(CLI::App& app, Globals& g);
void RegisterBranchCommands(CLI::App& app, Globals& g);

}  // namespace graft::cli

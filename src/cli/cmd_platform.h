// graft/cli/cmd_platform.h: helpers shared by the platform command families
// (cmd_auth.cc, cmd_storage.cc, ...). Internal to the CLI.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "common/limits.h"
#include "engine/engine.h"
#include "pg/conn.h"

namespace graft::cli::platform_cmd {

using Json = nlohmann::json;

// --project / --branch of a command.
struct TargetFlags {
  std::string project;
  std::string branch;
  CLI::Option* project_opt = nullptr;
  CLI::Option* branch_opt = nullptr;
};
std::shared_ptr<TargetFlags> AddTargetFlags(CLI::App* cmd);

// Resolves the target (flags, then the linked context), checks it is ready,
// connects, and calls fn.
void WithTarget(const Globals& g, const TargetFlags& t,
                const std::function<void(engine::Engine&, const engine::Target&, pg::Conn&)>& fn);

// The value of an option when it was given.
std::optional<std::string> Given(const CLI::Option* o, const std::string& value);
// Reads FILE (or stdin for "-"); Error(kNotFound / kUsage) names the file.
std::string ReadInput(const std::string& what, const std::string& path, size_t max_bytes = kMaxSmallInputBytes);
// ReadInput for a one-line secret: one final newline (\n or \r\n) dropped.
std::string ReadSecret(const std::string& what, const std::string& path);

// Readable output: an aligned table of `columns` of each row object.
void PrintTable(const Json& rows, const std::vector<std::string>& columns);
// One object as "key: value" lines.
void PrintObject(const Json& obj, const std::vector<std::string>& keys = {});
std::string Cell(const Json& v);

// Settings commands (get/set/unset) for group "auth", "email" or "realtime".
void AddSettingsCommands(CLI::App* parent, Globals& g, const std::string& group);

void RegisterAuth(CLI::App& app, Globals& g);
void RegisterStorage(CLI::App& app, Globals& g);
void RegisterFunctions(CLI::App& app, Globals& g);
void RegisterEmail(CLI::App& app, Globals& g);
void RegisterRealtime(CLI::App& app, Globals& g);
void RegisterSchedules(CLI::App& app, Globals& g);
void RegisterMigrations(CLI::App& app, Globals& g);

}  // namespace graft::cli::platform_cmd

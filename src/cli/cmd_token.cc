// graft token mint | verify
#include <iostream>

#include "cli/cli.h"

namespace graft::cli {

void RegisterTokenCommands(CLI::App& app, Globals& g) {
  auto* token = app.add_subcommand("token", "mint and verify HS256 JWTs signed with a project's secret");
  token->require_subcommand(1);
  {
    auto* cmd = token->add_subcommand("mint", "sign a token for a user");
    auto project = std::make_shared<std::string>();
    auto branch = std::make_shared<std::string>();
    auto sub = std::make_shared<std::string>();
    auto role = std::make_shared<std::string>("authenticated");
    auto ttl = std::make_shared<int64_t>(3600);
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_option("--branch,-b", *branch, "a branch of the project");
    cmd->add_option("--sub", *sub, "subject (user id)")->required();
    cmd->add_option("--role", *role, "role claim");
    cmd->add_option("--ttl", *ttl, "lifetime in seconds (default 3600)");
    cmd->callback([&g, project, branch, sub, role, ttl] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto t = eng.Resolve(Opt(*project), Opt(*branch));
      std::string tok = eng.MintToken(t, *sub, *ttl, *role);
      Emit(g, {{"target", t.display}, {"token", tok}}, [&] { std::cout << tok << "\n"; });
    });
  }
  {
    auto* cmd = token->add_subcommand("verify", "check a token against a project's (or branch's) secret");
    auto project = std::make_shared<std::string>();
    auto branch = std::make_shared<std::string>();
    auto tok = std::make_shared<std::string>();
    cmd->add_option("--project,-p", *project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
    cmd->add_option("--branch,-b", *branch, "a branch of the project");
    cmd->add_option("TOKEN", *tok, "the JWT")->required();
    cmd->callback([&g, project, branch, tok] {
      auto engine_ = OpenEngine(g);
      auto& eng = *engine_;
      auto t = eng.Resolve(Opt(*project), Opt(*branch));
      auto claims = eng.VerifyToken(t, *tok);
      Emit(g, {{"target", t.display}, {"valid", true}, {"claims", claims}},
           [&] { std::cout << "valid for " << t.display << "\n" << Dump(claims) << "\n"; });
    });
  }
}

}  // namespace graft::cli

// CLI11's parse errors in graft's own words: its exception texts ("Could not
// convert: --ttl = soon", "A subcommand is required") name library
// internals and not the command; graft names the flag, the value (quoted)
// and the command whose --help to read.
#include <regex>
#include <type_traits>

#include "cli/cli.h"
#include "common/text.h"

namespace graft::cli {

namespace {

// The subcommands parsed so far, deepest last ("graft project create").
const CLI::App* Deepest(const CLI::App& app, std::string* path) {
  const CLI::App* cur = &app;
  *path = "graft";
  for (;;) {
    auto subs = cur->get_subcommands();
    if (subs.empty()) return cur;
    cur = subs.front();
    *path += " " + cur->get_name();
  }
}

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* s : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(s->get_name());
  return names;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

ParseErrorText DescribeParseError(const CLI::App& app, const CLI::ParseError& e) {
  std::string path;
  const CLI::App* cmd = Deepest(app, &path);
  ParseErrorText out;
  out.hint = "run '" + path + " --help' for usage";
  const std::string what = e.what();
  // The exception's class (get_name() is not reliable: ExtrasError of a
  // subcommand carries the subcommand's name there).
  auto is = [&e](auto* tag) { return dynamic_cast<const std::remove_pointer_t<decltype(tag)>*>(&e) != nullptr; };
  const std::string kind = is((CLI::ConversionError*)nullptr)  ? "ConversionError"
                           : is((CLI::ValidationError*)nullptr) ? "ValidationError"
                           : is((CLI::RequiredError*)nullptr)   ? "RequiredError"
                           : is((CLI::ArgumentMismatch*)nullptr) ? "ArgumentMismatch"
                           : is((CLI::ExtrasError*)nullptr)     ? "ExtrasError"
                           : is((CLI::ExcludesError*)nullptr)   ? "ExcludesError"
                           : is((CLI::RequiresError*)nullptr)   ? "RequiresError"
                                                                : "";
  // A word where a command was expected ("graft projetc list").
  std::string unknown;
  for (const auto& r : cmd->remaining()) {
    if (!r.empty() && r[0] != '-') {
      unknown = r;
      break;
    }
  }
  std::smatch m;
  if (kind == "ConversionError" && std::regex_match(what, m, std::regex("Could not convert: (\\S+) = ([\\s\\S]*)"))) {
    out.message = "invalid value " + Quoted(m[2].str()) + " for " + m[1].str();
  } else if (kind == "ConversionError" &&
             std::regex_match(what, m, std::regex("The value ([\\s\\S]*) is not an allowed value for (\\S+)"))) {
    out.message = "invalid value " + Quoted(m[1].str()) + " for " + m[2].str();
  } else if (kind == "ConversionError" && std::regex_match(what, m, std::regex("(\\S+): too many inputs for a flag"))) {
    out.message = m[1].str() + " is a flag and takes no value";
  } else if (kind == "ValidationError" &&
             std::regex_match(what, m, std::regex("(\\S+): Value ([\\s\\S]*) not in range (\\S+) to (\\S+)"))) {
    out.message = m[1].str() + " must be from " + m[3].str() + " to " + m[4].str() + ", not " + Quoted(m[2].str());
  } else if (kind == "RequiredError" && what.rfind("A subcommand", 0) == 0 && !unknown.empty()) {
    auto subs = SubcommandNames(*cmd);
    out.message = "unknown command " + Quoted(unknown) + " for '" + path + "'";
    std::string guess = DidYouMean(unknown, subs);
    out.hint = guess.empty() ? "run '" + path + " --help' for its commands"
                             : "did you mean '" + path + " " + guess + "'?";
  } else if (kind == "RequiredError" && what.rfind("A subcommand", 0) == 0) {
    out.message = "'" + path + "' needs a command: " + Join(SubcommandNames(*cmd));
  } else if (kind == "RequiredError" && std::regex_match(what, m, std::regex("(\\S+) is required"))) {
    std::string name = m[1].str();
    out.message = (name.rfind("-", 0) == 0 ? "missing option " : "missing argument ") + name + " of '" + path + "'";
  } else if (kind == "ArgumentMismatch" && std::regex_match(what, m, std::regex("(\\S+): \\d+ required \\S+ missing"))) {
    out.message = m[1].str() + " needs a value";
  } else if (kind == "ArgumentMismatch") {
    out.message = "wrong number of values in '" + path + "'";
  } else if (kind == "ExtrasError") {
    std::string extra = what.substr(what.find(": ") == std::string::npos ? 0 : what.find(": ") + 2);
    auto subs = SubcommandNames(*cmd);
    if (!subs.empty() && extra.rfind("-", 0) != 0) {
      out.message = "unknown command " + Quoted(extra) + " for '" + path + "'";
      std::string guess = DidYouMean(extra, subs);
      out.hint = guess.empty() ? "run '" + path + " --help' for its commands"
                               : "did you mean '" + path + " " + guess + "'?";
    } else if (extra.rfind("-", 0) == 0) {
      out.message = "unknown option " + Quoted(extra) + " for '" + path + "'";
    } else {
      out.message = "unexpected argument " + Quoted(extra) + " for '" + path + "'";
    }
  } else if (kind == "ExcludesError" && std::regex_match(what, m, std::regex("(\\S+) excludes (\\S+)"))) {
    out.message = m[1].str() + " and " + m[2].str() + " cannot be used together";
  } else if (kind == "RequiresError" && std::regex_match(what, m, std::regex("(\\S+) requires (\\S+)"))) {
    out.message = m[1].str() + " needs " + m[2].str();
  } else {
    // Anything else: CLI11's text, as one quoted-safe line.
    out.message = "invalid arguments for '" + path + "': " + Printable(what, 300);
  }
  return out;
}

}  // namespace graft::cli

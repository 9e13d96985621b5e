// The platform command families (auth, storage, functions, email, realtime,
// schedules, migrations) and the helpers they share. Each family lives in its
// own cmd_<family>.cc; the logic is in src/platform.
#include "cli/cmd_platform.h"

#include <algorithm>
#include <iostream>

#include "common/error.h"

namespace graft::cli {

namespace platform_cmd {

std::shared_ptr<TargetFlags> AddTargetFlags(CLI::App* cmd) {
  auto t = std::make_shared<TargetFlags>();
  t->project_opt = cmd->add_option("--project,-p", t->project, "project (default: the linked one)")->envname("GRAFT_PROJECT");
  t->branch_opt = cmd->add_option("--branch,-b", t->branch, "branch of the project");
  return t;
}

engine::TargetRef Ref(const TargetFlags& t) {
  return engine::TargetRef{Given(t.project_opt, t.project), Given(t.branch_opt, t.branch)};
}

std::optional<std::string> Given(const CLI::Option* o, const std::string& value) {
  if (o && o->count() > 0) return value;
  return std::nullopt;
}

std::string Cell(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ",") + Cell(x);
    return out.empty() ? "-" : out;
  }
  return v.dump();
}

void PrintTable(const Json& rows, const std::vector<std::string>& columns) {
  if (rows.empty()) {
    std::cout << "(none)\n";
    return;
  }
  std::vector<size_t> width;
  for (const auto& c : columns) width.push_back(c.size());
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    std::vector<std::string> line;
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string s = Cell(r.contains(columns[i]) ? r[columns[i]] : Json());
      std::replace(s.begin(), s.end(), '\n', ' ');
      if (s.size() > 60) s = s.substr(0, 57) + "...";
      width[i] = std::max(width[i], s.size());
      line.push_back(s);
    }
    cells.push_back(line);
  }
  auto print = [&](const std::vector<std::string>& line) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      if (i + 1 < line.size()) out += std::string(width[i] - line[i].size() + 2, ' ');
    }
    std::cout << out << "\n";
  };
  std::vector<std::string> header;
  for (const auto& c : columns) {
    std::string h = c;
    std::transform(h.begin(), h.end(), h.begin(), ::toupper);
    header.push_back(h);
  }
  print(header);
  for (const auto& l : cells) print(l);
}

void PrintObject(const Json& obj, const std::vector<std::string>& keys) {
  std::vector<std::string> ks = keys;
  if (ks.empty()) {
    for (auto it = obj.begin(); it != obj.end(); ++it) ks.push_back(it.key());
  }
  size_t w = 0;
  for (const auto& k : ks) w = std::max(w, k.size());
  for (const auto& k : ks) {
    if (!obj.contains(k)) continue;
    std::cout << k << ":" << std::string(w - k.size() + 1, ' ') << Cell(obj[k]) << "\n";
  }
}

void AddSettingsCommands(CLI::App* parent, Globals& g, const std::string& group) {
  auto* settings = parent->add_subcommand("settings", group + " settings");
  settings->require_subcommand(1);

  auto* get = settings->add_subcommand("get", "show " + group + " settings (all, or the given keys)");
  auto gt = AddTargetFlags(get);
  auto keys = std::make_shared<std::vector<std::string>>();
  get->add_option("KEY", *keys, "settings to show");
  get->callback([&g, gt, keys, group] {
    auto eng = OpenEngine(g);
    auto r = engine::settings::Get(*eng, Ref(*gt), group, *keys);
    Emit(g, Json{{"target", r.target}, {"group", group}, {"settings", r.value}}, [&] {
      Json view = Json::array();
      for (auto s : r.value) {
        s["source"] = s["is_default"].get<bool>() ? "default" : "set";
        view.push_back(s);
      }
      PrintTable(view, {"key", "value", "source", "description"});
    });
  });

  auto* set = settings->add_subcommand("set", "set " + group + " settings (KEY=VALUE ...)");
  auto st = AddTargetFlags(set);
  auto assigns = std::make_shared<std::vector<std::string>>();
  auto from_files = std::make_shared<std::vector<std::string>>();
  set->add_option("KEY=VALUE", *assigns, "settings to set");
  set->add_option("--value-file", *from_files,
                  "KEY=FILE: the value of KEY read from FILE ('-' for stdin; one final newline dropped), so that a "
                  "secret never appears in the command line (repeatable)");
  set->callback([&g, st, assigns, from_files, group] {
    std::vector<std::pair<std::string, std::string>> kv;
    for (const auto& a : *assigns) kv.push_back(engine::ParseAssignment(group + " setting", a));
    for (const auto& a : *from_files) {
      auto [key, file] = engine::ParseAssignment("--value-file", a);
      kv.emplace_back(key, ReadSecret("value file", file));
    }
    auto eng = OpenEngine(g);
    auto r = engine::settings::Set(*eng, Ref(*st), group, kv);
    Emit(g, Json{{"target", r.target}, {"group", group}, {"settings", r.value}}, [&] {
      for (const auto& [k, v] : kv) {
        for (const auto& s : r.value) {
          if (s["key"] == k) std::cout << "set " << group << "." << k << " = " << Cell(s["value"]) << "\n";
        }
      }
    });
  });

  auto* unset = settings->add_subcommand("unset", "return " + group + " settings to their defaults");
  auto ut = AddTargetFlags(unset);
  auto ukeys = std::make_shared<std::vector<std::string>>();
  unset->add_option("KEY", *ukeys, "settings to unset")->required();
  unset->callback([&g, ut, ukeys, group] {
    auto eng = OpenEngine(g);
    auto r = engine::settings::Unset(*eng, Ref(*ut), group, *ukeys);
    Emit(g, Json{{"target", r.target}, {"group", group}, {"settings", r.value}}, [&] {
      for (const auto& k : *ukeys) std::cout << "unset " << group << "." << k << " (back to its default)\n";
    });
  });
}

}  // namespace platform_cmd

}  // namespace graft::cli

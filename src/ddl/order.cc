// Ordering of the planned statements: the drop phase first (a drop waits for
// the drops of everything that depends on the object in `from`, and of the
// relations owning such dependents), then the
// create phase (a statement waits for the statements providing what it needs
// in `to`), then the late drops (types, functions, sequences... others merely
// use); ties keep a fixed kind rank, then emission order.
#include <algorithm>
#include <functional>
#include <unordered_set>

#include "ddl/planner.h"

namespace graft::ddl::internal {

std::vector<Statement> Planner::Order() {
  std::vector<int> drops, creates, late;
  for (size_t i = 0; i < stmts_.size(); ++i) {
    (stmts_[i].drop_phase ? (stmts_[i].late ? late : drops) : creates).push_back(static_cast<int>(i));
  }
  auto by_rank_desc = [&](int x, int y) {
    if (stmts_[x].rank != stmts_[y].rank) return stmts_[x].rank > stmts_[y].rank;
    return stmts_[x].seq < stmts_[y].seq;
  };
  std::sort(late.begin(), late.end(), by_rank_desc);
  std::sort(drops.begin(), drops.end(), [&](int x, int y) {
    if (stmts_[x].rank != stmts_[y].rank) return stmts_[x].rank > stmts_[y].rank;
    return stmts_[x].seq < stmts_[y].seq;
  });
  std::sort(creates.begin(), creates.end(), [&](int x, int y) {
    if (stmts_[x].rank != stmts_[y].rank) return stmts_[x].rank < stmts_[y].rank;
    return stmts_[x].seq < stmts_[y].seq;
  });
  std::unordered_map<std::string, std::vector<int>> drop_by_key, providers;
  for (int i : drops) drop_by_key[stmts_[i].drop_key].push_back(i);
  for (int i : late) drop_by_key[stmts_[i].drop_key].push_back(i);
  for (int i : creates) {
    for (const auto& p : stmts_[i].provides) providers[p].push_back(i);
  }
  std::vector<int> state(stmts_.size(), 0);
  std::vector<Statement> out;
  std::function<void(int)> visit_drop = [&](int i) {
    if (state[i]) return;
    state[i] = 1;
    // Everything that depends on what we drop goes first.
    std::unordered_set<std::string> seen;
    std::vector<std::string> work = {stmts_[i].drop_key};
    while (!work.empty()) {
      std::string k = work.back();
      work.pop_back();
      auto it = rdeps_.find(k);
      if (it == rdeps_.end()) continue;
      for (const auto& d : it->second) {
        if (!seen.insert(d).second) continue;
        auto dk = drop_by_key.find(d);
        if (dk != drop_by_key.end()) {
          for (int p : dk->second) {
            if (p != i) visit_drop(p);
          }
        } else {
          work.push_back(d);
          // A dependent that goes with its relation (a foreign key of a
          // dropped table on a dropped primary key): the relation's drop
          // goes first.
          const schema::Object* o = from_.Find(d);
          std::string owner = o ? OwnerKey(from_, *o) : "";
          auto ok = owner.empty() ? drop_by_key.end() : drop_by_key.find(owner);
          if (ok != drop_by_key.end()) {
            for (int p : ok->second) {
              if (p != i) visit_drop(p);
            }
          }
        }
      }
    }
    state[i] = 2;
    out.push_back(stmts_[i].st);
  };
  std::function<void(int)> visit_create = [&](int i) {
    if (state[i]) return;
    state[i] = 1;
    for (const auto& r : stmts_[i].needs) {
      auto it = providers.find(r);
      if (it == providers.end()) continue;
      for (int p : it->second) {
        if (p != i) visit_create(p);
      }
    }
    state[i] = 2;
    out.push_back(stmts_[i].st);
  };
  for (int i : drops) visit_drop(i);
  for (int i : creates) visit_create(i);
  for (int i : late) visit_drop(i);
  return out;
}

}  // namespace graft::ddl::internal

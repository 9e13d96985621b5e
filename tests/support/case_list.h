// tests/support/case_list.h: the diff cases on disk, and which are excluded.
//
// A case is a directory holding a.sql and b.sql (see convergence.h for what
// else it may hold and what is done with it); each runs in both directions.
// The exclusion file names the cases (or directions) that are known to fail,
// each with its reason. Pure file reading; no server.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace graft::testing {

struct CaseSpec {
  std::string id;    // "migra/collations", "cases/table/unlogged"
  std::string dir;   // absolute path of the case directory
  bool reverse = false;  // plan from b.sql to a.sql instead of a to b
  // The id the exclusion file uses for this direction: id, or id + "@reverse".
  std::string DirectedId() const { return reverse ? id + "@reverse" : id; }
};
// For gtest's parameter printing.
inline void PrintTo(const CaseSpec& spec, std::ostream* os) { *os << spec.DirectedId(); }

// Case directories directly under `root` (each holding a.sql and b.sql), as
// specs with ids "<prefix>/<dirname>", sorted.
std::vector<CaseSpec> ListCaseDirs(const std::string& root, const std::string& prefix);
// Case directories two levels under `root` (<kind>/<case>), ids
// "<prefix>/<kind>/<case>".
std::vector<CaseSpec> ListNestedCaseDirs(const std::string& root, const std::string& prefix);

// The exclusion file: lines "suite/case: reason" (both directions) or
// "suite/case@reverse: reason" (b to a only); '#' starts a comment line.
struct Exclusions {
  std::map<std::string, std::string> reasons;  // id -> reason
  std::vector<std::string> errors;             // malformed lines, duplicates
  // The reason `spec` is excluded, or nullptr.
  const std::string* Find(const CaseSpec& spec) const;
};
Exclusions LoadExclusions(const std::string& path);

// Every spec of `specs` in both directions: each forward one, then its reverse.
std::vector<CaseSpec> BothDirections(const std::vector<CaseSpec>& specs);

// Which shard of the conformance cases this process runs: GRAFT_CONFORMANCE_SHARD
// is "i/N", shard i (from 0) of N; unset or empty, every case (one shard).
struct ShardChoice {
  int index = 0;
  int count = 1;
};
// Parses `value` ("" for unset); throws std::invalid_argument for anything
// but "i/N" with 0 <= i < N.
ShardChoice ParseShard(const std::string& value);
// Deals `cases` (one entry per case, not per direction: both directions of a
// case go to one shard) to `count` shards balanced by an estimate of their
// cost: the costliest first, each to the shard with the least cost so far. A
// case costs a fixed part (its databases, processes and introspections) plus
// the size of its a.sql and b.sql. Returns each case's shard, in the order of
// `cases`; the same cases give the same shards in every process.
std::vector<int> AssignShards(const std::vector<CaseSpec>& cases, int count);

// A gtest-safe parameter name for a case id ("migra/foo-bar" -> "foo_bar").
std::string TestNameFor(const std::string& id, bool keep_kind);

}  // namespace graft::testing

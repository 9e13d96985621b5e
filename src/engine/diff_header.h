// graft/engine/diff_header.h: how to run a `graft diff` plan, said in the
// plan itself (engine-internal; engine::Diff uses it).
//
// The text header is a block comment (`/* ... */`), so the statements after
// it stay byte-identical to ddl::Plan::ToText() and every `-- ` line is still
// one statement's title. It says how to run the file with psql, whether it is
// safe inside BEGIN/COMMIT, and which statements are not_transactional and
// must run outside a transaction. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "ddl/plan.h"

namespace graft::engine {

// "" for an empty plan (graft diff prints nothing when there is nothing to do).
std::string DiffRunHeader(const ddl::Plan& plan);

// The same as data, for --json:
// {"single_transaction": bool, "how": "...",
//  "not_transactional": [{"index": 0-based, "statement": "<action kind object>"}]}
nlohmann::json DiffRunAdvice(const ddl::Plan& plan);

}  // namespace graft::engine

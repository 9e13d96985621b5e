// graft/platform/inputs.h: the plain input structs of the platform
// operations (platform/resources.h). Pure values, no I/O: engine/resources.h
// re-exports them to front ends, which fill them from flags or request bodies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace graft::platform {

// An auth provider's fields; unset fields are left as they are (update).
struct ProviderInput {
  std::optional<std::string> client_id;
  std::optional<std::string> client_secret;
  std::optional<std::vector<std::string>> scopes;
  std::optional<std::string> redirect_url;  // "" clears it
  std::optional<bool> enabled;
};

// A bucket's limits; unset fields are left as they are (update).
struct BucketInput {
  std::optional<bool> is_public;
  std::optional<int64_t> max_size;  // 0 removes the limit
  std::optional<std::vector<std::string>> allowed_mime;  // empty: any type
};

// A function deployment: the source and the fields to set.
struct FunctionInput {
  std::string source;
  std::optional<std::string> name;
  std::optional<bool> verify_jwt;
  std::optional<std::string> status;  // active | inactive
};

// A realtime channel's fields; unset fields are left as they are (update).
struct ChannelInput {
  std::optional<std::string> pattern;
  std::optional<std::string> description;
  std::optional<bool> enabled;
};

// A schedule: its cron and exactly one target (SQL or a function).
struct JobInput {
  std::optional<std::string> cron;
  std::optional<std::string> sql;            // SQL target
  std::optional<std::string> function_slug;  // function target
  std::optional<std::string> body;           // JSON text (function target)
  std::optional<std::vector<std::string>> headers;  // K=V (function target; values are secrets)
};

}  // namespace graft::platform

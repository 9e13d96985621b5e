// graft/platform/validate.h: validation of the values users give to the
// platform commands. Pure; no I/O. Each Check* returns std::nullopt when the
// value is valid, otherwise the reason (lowercase, no final punctuation); each
// Validate*/Parse* throws Error(kUsage) naming the field and the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace graft::platform {

// http(s)://host[:port][/path][?query][#fragment]; host may hold '*'
// wildcards when `allow_wildcards` (redirect allow-lists).
std::optional<std::string> CheckUrl(std::string_view url, bool allow_wildcards = false);
void ValidateUrl(std::string_view field, std::string_view url, bool allow_wildcards = false);

// An email address: local@domain.tld, no spaces.
std::optional<std::string> CheckEmail(std::string_view email);
// A host name or IPv4 address.
std::optional<std::string> CheckHost(std::string_view host);

// true/false/yes/no/on/off/1/0 (case-insensitive).
bool ParseBool(std::string_view field, std::string_view text);
// A decimal integer within [min, max].
int64_t ParseInt(std::string_view field, std::string_view text, int64_t min, int64_t max);
// A byte size: a number with an optional unit B, KB, MB, GB (powers of 1024,
// also KiB/MiB/GiB).
int64_t ParseSize(std::string_view field, std::string_view text);

// Identifiers of platform resources (provider, bucket, channel, job, slug):
// 1 to 63 characters of lowercase letters, digits, '-' and '_', starting with
// a letter or digit.
inline constexpr const char* kResourceNameRule =
    "1 to 63 characters of lowercase letters, digits, '-' and '_', starting with a letter or digit";
std::optional<std::string> CheckResourceName(std::string_view name);
void ValidateResourceName(std::string_view what, std::string_view name);

// A storage object key: 1 to 1024 bytes of printable characters, '/'
// separated segments that are neither empty, "." nor ".."; no leading '/',
// no backslash, no control characters.
std::optional<std::string> CheckStorageKey(std::string_view key);
// Splits "BUCKET/KEY" and validates both parts.
std::pair<std::string, std::string> SplitObjectPath(std::string_view path);

// A MIME type "type/subtype" or a pattern "type/*".
std::optional<std::string> CheckMimePattern(std::string_view pattern);
// Comma-separated MIME patterns; throws kUsage on a bad one.
std::vector<std::string> ParseMimeList(std::string_view field, std::string_view text);
// True when `allowed` is empty or `mime` matches one of its patterns.
bool MimeAllowed(const std::vector<std::string>& allowed, std::string_view mime);
// The content type for a file name by extension; application/octet-stream
// when unknown.
std::string GuessContentType(std::string_view filename);

// "K=V" -> {K, V}; throws kUsage naming `field` when there is no '='.
std::pair<std::string, std::string> ParseAssignment(std::string_view field, std::string_view text);

// Splits on commas and whitespace, dropping empty parts.
std::vector<std::string> SplitList(std::string_view text);

}  // namespace graft::platform

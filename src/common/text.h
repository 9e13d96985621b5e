// graft/common/text.h: making arbitrary bytes safe to print. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace graft {

// Position of the first byte of `s` that does not belong to a well-formed
// UTF-8 sequence (overlong forms, surrogates and code points above U+10FFFF
// are invalid); nullopt when all of `s` is valid.
std::optional<size_t> FirstInvalidUtf8(std::string_view s);
inline bool IsValidUtf8(std::string_view s) { return !FirstInvalidUtf8(s); }

// `s` with every byte that is not part of a valid UTF-8 sequence replaced by
// U+FFFD: safe for JSON and for a terminal.
std::string ValidUtf8(std::string_view s);

// Length of the well-formed UTF-8 sequence starting at s[i] (1 to 4), or 0
// when the byte there does not start one.
size_t Utf8SequenceLength(std::string_view s, size_t i);

// `s` as one printable line for a message: control characters (newline,
// tab, escape, DEL, C1) and invalid UTF-8 bytes are written as \n, \t or
// \xNN, a backslash as \\ (unless `escape_backslash` is false: for text
// that already holds escapes), and multi-byte characters stay whole. When
// the escaped text is longer than `max` bytes, it is cut at a character
// boundary and ends with "... (N bytes)", N being the length of `s`.
std::string Printable(std::string_view s, size_t max = 200, bool escape_backslash = true);

// How every name and user value appears in a message: Printable(s) in
// single quotes, with a quote inside written as \' (so a quote, a newline or
// a stray byte cannot end the value or the line early). A value longer than
// `max` escaped bytes is cut: 'abc...' (10240 bytes).
std::string Quoted(std::string_view s, size_t max = 80);

// `text` with the password of every URL in it (scheme://user:PASSWORD@...)
// replaced by "****": for messages that echo a URL.
std::string RedactPasswords(std::string_view text);

// The option closest to `word` by edit distance when it is a likely typo
// (at most 2 edits, or 3 for words over 10 characters); empty otherwise.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& options);

}  // namespace graft

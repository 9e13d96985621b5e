#include "common/text.h"

#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <vector>

namespace graft {

namespace {

void AppendHex(std::string* out, uint8_t c) {
  char buf[8];
  snprintf(buf, sizeof buf, "\\x%02X", c);
  out->append(buf);
}

// The escaped form of `s` (see Printable) and where it was cut: `cut` is
// set when more than `max` bytes would be needed.
std::string Escape(std::string_view s, size_t max, bool escape_backslash, bool escape_quote, bool* cut) {
  std::string out;
  *cut = false;
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    uint8_t c = static_cast<uint8_t>(s[i]);
    std::string piece;
    if (n == 0) {
      AppendHex(&piece, c);
      n = 1;
    } else if (n == 1) {
      if (c == '\n') piece = "\\n";
      else if (c == '\t') piece = "\\t";
      else if (c == '\r') piece = "\\r";
      else if (c == '\\' && escape_backslash) piece = "\\\\";
      else if (c == '\'' && escape_quote) piece = "\\'";
      else if (c < 0x20 || c == 0x7F) AppendHex(&piece, c);
      else piece.push_back(static_cast<char>(c));
    } else if (n == 2 && c == 0xC2 && static_cast<uint8_t>(s[i + 1]) < 0xA0) {
      // C1 control characters (U+0080..U+009F) move terminals around too.
      AppendHex(&piece, c);
      AppendHex(&piece, static_cast<uint8_t>(s[i + 1]));
    } else {
      piece.assign(s.substr(i, n));
    }
    if (out.size() + piece.size() > max) {
      *cut = true;
      break;
    }
    out += piece;
    i += n;
  }
  return out;
}

}  // namespace

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

std::optional<size_t> FirstInvalidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string ValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string Printable(std::string_view s, size_t max, bool escape_backslash) {
  bool cut = false;
  std::string out = Escape(s, max, escape_backslash, /*escape_quote=*/false, &cut);
  if (cut) out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

std::string Quoted(std::string_view s, size_t max) {
  bool cut = false;
  std::string out = "'" + Escape(s, max, /*escape_backslash=*/true, /*escape_quote=*/true, &cut);
  if (cut) return out + "...' (" + std::to_string(s.size()) + " bytes)";
  return out + "'";
}

std::string RedactPasswords(std::string_view text) {
  std::string out(text);
  size_t pos = 0;
  while ((pos = out.find("://", pos)) != std::string::npos) {
    size_t start = pos + 3;
    size_t end = out.find_first_of("/?# \t\n'\"", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) {
        out.replace(colon + 1, at - colon - 1, "****");
      }
    }
    pos = start;
  }
  return out;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& options) {
  std::string best;
  size_t best_d = word.size() > 10 ? 4 : 3;
  for (const auto& o : options) {
    std::vector<size_t> prev(o.size() + 1), cur(o.size() + 1);
    for (size_t j = 0; j <= o.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= word.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= o.size(); ++j) {
        size_t sub = prev[j - 1] + (word[i - 1] == o[j - 1] ? 0 : 1);
        cur[j] = std::min({sub, prev[j] + 1, cur[j - 1] + 1});
      }
      std::swap(prev, cur);
    }
    if (prev[o.size()] < best_d) {
      best_d = prev[o.size()];
      best = o;
    }
  }
  return best;
}

}  // namespace graft

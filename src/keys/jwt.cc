#include "keys/jwt.h"

#include <set>

#include "common/crypto.h"
#include "common/text.h"

namespace graft::keys {

std::string SignHs256(const nlohmann::json& claims, const std::string& secret) {
  nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  std::string signing = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  return signing + "." + Base64UrlEncode(HmacSha256(secret, signing));
}

VerifyResult VerifyHs256(const std::string& token, const std::string& secret, int64_t now) {
  VerifyResult r;
  auto d1 = token.find('.');
  auto d2 = d1 == std::string::npos ? d1 : token.find('.', d1 + 1);
  if (d1 == std::string::npos || d2 == std::string::npos || token.find('.', d2 + 1) != std::string::npos) {
    r.reason = "not a JWT (expected three dot-separated parts)";
    return r;
  }
  std::string h, c, s;
  if (!Base64UrlDecode(token.substr(0, d1), &h) || !Base64UrlDecode(token.substr(d1 + 1, d2 - d1 - 1), &c) ||
      !Base64UrlDecode(token.substr(d2 + 1), &s)) {
    r.reason = "malformed base64url";
    return r;
  }
  // A key given twice is refused: parsers disagree on which one wins.
  bool duplicate = false;
  auto parse = [&duplicate](const std::string& text) {
    std::set<std::string> seen;
    return nlohmann::json::parse(text, [&](int depth, nlohmann::json::parse_event_t ev, nlohmann::json& parsed) {
      if (ev == nlohmann::json::parse_event_t::key && depth == 1 && !seen.insert(parsed.get<std::string>()).second) {
        duplicate = true;
      }
      return true;
    });
  };
  try {
    r.header = parse(h);
    r.claims = parse(c);
  } catch (const std::exception&) {
    r.reason = "malformed JSON in header or claims";
    return r;
  }
  if (duplicate) {
    r.reason = "a key appears twice in the header or the claims";
    return r;
  }
  if (!r.header.is_object() || !r.claims.is_object()) {
    r.reason = "header and claims must be JSON objects";
    return r;
  }
  if (r.header.is_object() && r.header.contains("crit")) {
    // RFC 7515: critical extensions must be understood; graft knows none.
    r.reason = "unsupported critical header parameters (crit)";
    return r;
  }
  // "alg" may be any JSON value in a forged header, not only a string.
  const auto alg = r.header.find("alg");
  if (alg == r.header.end() || !alg->is_string() || alg->get<std::string>() != "HS256") {
    std::string shown = alg == r.header.end() ? "" : alg->is_string() ? alg->get<std::string>() : alg->dump();
    r.reason = "unsupported algorithm " + Quoted(shown) + " (only HS256)";
    return r;
  }
  std::string expected = HmacSha256(secret, token.substr(0, d2));
  if (!SecureEquals(expected, s)) {
    r.reason = "bad signature (signed with another secret)";
    return r;
  }
  if (r.claims.contains("exp")) {
    if (!r.claims["exp"].is_number() || r.claims["exp"].get<double>() <= static_cast<double>(now)) {
      r.reason = "expired";
      return r;
    }
  }
  if (r.claims.contains("nbf")) {
    if (!r.claims["nbf"].is_number() || r.claims["nbf"].get<double>() > static_cast<double>(now)) {
      r.reason = "not valid yet (nbf)";
      return r;
    }
  }
  r.valid = true;
  return r;
}

std::string NewJwtSecret() { return Base64UrlEncode(RandomBytes(48)); }
std::string NewApiKey() { return "gft_sk_" + RandomHex(24); }
std::string NewDbPassword() { return RandomHex(16); }

}  // namespace graft::keys

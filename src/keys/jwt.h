// graft/keys/jwt.h: HS256 JSON Web Tokens and project key generation. Pure
// apart from the random source; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace graft::keys {

// Signs `claims` with HMAC-SHA256 under `secret`.
std::string SignHs256(const nlohmann::json& claims, const std::string& secret);

struct VerifyResult {
  bool valid = false;
  std::string reason;        // why it is invalid ("bad signature", "expired", ...)
  nlohmann::json header;
  nlohmann::json claims;
};
// Checks structure, alg == HS256, the signature, and exp/nbf against `now`.
VerifyResult VerifyHs256(const std::string& token, const std::string& secret, int64_t now);

// New secrets from the cryptographic source.
std::string NewJwtSecret();   // 48 random bytes, base64url
std::string NewApiKey();      // "gft_sk_" + 48 hex chars
std::string NewDbPassword();  // 32 hex chars

}  // namespace graft::keys

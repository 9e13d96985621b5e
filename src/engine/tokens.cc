// Keys and tokens of a project or branch: the stored secrets, and JWTs
// minted and verified with the project's shared secret (`ref` scoping).
#include <chrono>

#include "common/error.h"
#include "common/text.h"
#include "engine/engine.h"
#include "keys/jwt.h"
#include "store/records.h"
#include "store/store.h"

namespace graft::engine {

Keys Engine::GetKeys(const Target& t) {
  auto r = store::SecretsOf(*store_, t.id);
  if (!r) Fail(ErrorKind::kNotFound, t.display + " does not exist");
  return {r->jwt_secret, r->api_key, r->anon_key};
}

std::string Engine::MintToken(const Target& t, const std::string& sub, int64_t ttl_seconds, const std::string& role) {
  if (sub.empty()) Fail(ErrorKind::kUsage, "--sub must not be empty");
  // Bounded so that iat + ttl never overflows (a token expired at birth).
  constexpr int64_t kMaxTtl = 10LL * 366 * 24 * 3600;
  if (ttl_seconds <= 0 || ttl_seconds > kMaxTtl) {
    Fail(ErrorKind::kUsage, "--ttl must be from 1 to " + std::to_string(kMaxTtl) + " seconds (10 years)");
  }
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  nlohmann::json claims = {{"sub", sub}, {"role", role}, {"iss", "graft"}, {"ref", t.display}, {"iat", now},
                           {"exp", now + ttl_seconds}};
  return keys::SignHs256(claims, GetKeys(t).jwt_secret);
}

nlohmann::json Engine::VerifyToken(const Target& t, const std::string& token) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto r = keys::VerifyHs256(token, GetKeys(t).jwt_secret, now);
  if (!r.valid) Fail(ErrorKind::kUsage, "token is not valid for " + t.display + ": " + r.reason);
  // The JWT secret is shared by a project and its branches: `ref` says whose
  // token it is. A project's tokens are valid on it and on its branches; a
  // branch's only on that branch. `ref` is "ORG:NAME[/BRANCH]#ID" (keys) or
  // the display name "NAME[/BRANCH]" (graft token mint).
  const auto& ref = r.claims.contains("ref") && r.claims["ref"].is_string() ? r.claims["ref"].get<std::string>() : "";
  bool ok;
  auto hash = ref.rfind('#');
  if (hash != std::string::npos) {
    std::string id = ref.substr(hash + 1);
    ok = id == std::to_string(t.id) || (t.is_branch() && id == std::to_string(t.parent_id));
  } else {
    ok = ref == t.display || (t.is_branch() && ref == t.project);
  }
  if (!ok) {
    Fail(ErrorKind::kUsage,
         "token is not valid for " + t.display + ": " +
             (ref.empty() ? std::string("it has no ref claim") : "it belongs to " + Quoted(ref, 100)));
  }
  return r.claims;
}

}  // namespace graft::engine

// auth.providers: OAuth providers.
#include <algorithm>

#include "common/error.h"
#include "common/text.h"
#include "platform/platform.h"
#include "platform/resources.h"
#include "pg/transaction.h"
#include "platform/validate.h"

namespace graft::platform {

namespace {

const char* kProviderColumns = "name, client_id, client_secret, scopes, redirect_url, enabled, created_at, updated_at";

std::string ScopesLiteral(const std::vector<std::string>& scopes) {
  std::string out = "{";
  for (size_t i = 0; i < scopes.size(); ++i) {
    if (i) out += ",";
    out += "\"";
    for (char c : scopes[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += "\"";
  }
  return out + "}";
}

void ValidateProviderInput(const std::string& name, const ProviderInput& in) {
  if (in.client_id) {
    if (in.client_id->empty() || in.client_id->size() > 512) {
      Fail(ErrorKind::kUsage, "invalid client id of provider " + name + ": it must be 1 to 512 characters");
    }
    for (char c : *in.client_id) {
      if (static_cast<unsigned char>(c) <= 0x20) {
        Fail(ErrorKind::kUsage, "invalid client id of provider " + name + ": it contains whitespace or a control character");
      }
    }
  }
  if (in.client_secret) {
    if (in.client_secret->empty() || in.client_secret->size() > 4096) {
      Fail(ErrorKind::kUsage, "invalid client secret of provider " + name + ": it must be 1 to 4096 characters");
    }
  }
  if (in.scopes) {
    for (const auto& s : *in.scopes) {
      for (char c : s) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '\\') {
          Fail(ErrorKind::kUsage, "invalid scope " + Quoted(s) + " of provider " + name);
        }
      }
    }
  }
  if (in.redirect_url && !in.redirect_url->empty()) ValidateUrl("redirect URL of provider " + name, *in.redirect_url);
}

}  // namespace

const std::vector<std::string>& KnownProviders() {
  static const std::vector<std::string> names = {"apple", "azure", "bitbucket", "discord", "facebook", "figma",
                                                 "github", "gitlab", "google", "kakao", "keycloak", "linkedin",
                                                 "notion", "slack", "spotify", "twitch", "twitter", "workos", "zoom"};
  return names;
}

Json ListProviders(pg::Conn& conn) {
  return QueryRows(conn, Table("auth", "providers"),
                   std::string("SELECT ") + kProviderColumns + " FROM auth.providers ORDER BY name");
}

Json GetProvider(pg::Conn& conn, const std::string& name) {
  auto rows = QueryRows(conn, Table("auth", "providers"),
                        std::string("SELECT ") + kProviderColumns + " FROM auth.providers WHERE name = $1", {name});
  if (rows.empty()) {
    Fail(ErrorKind::kNotFound, "auth provider " + Quoted(name) + " not found", "list them with 'graft auth providers list'");
  }
  return rows[0];
}

Json AddProvider(pg::Conn& conn, const std::string& name, const ProviderInput& in) {
  const auto& known = KnownProviders();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    Fail(ErrorKind::kUsage, "unknown auth provider " + Quoted(name), "known providers: " + list);
  }
  if (!in.client_id) Fail(ErrorKind::kUsage, "auth provider " + name + " needs a client id", "pass --client-id");
  if (!in.client_secret) {
    Fail(ErrorKind::kUsage, "auth provider " + name + " needs a client secret",
         "pass --client-secret-file FILE (or --client-secret)");
  }
  ValidateProviderInput(name, in);
  pg::Transaction tx(conn);
  auto r = conn.Exec(
      "INSERT INTO auth.providers (name, client_id, client_secret, scopes, redirect_url, enabled) "
      "VALUES ($1, $2, $3, $4::text[], $5, $6) ON CONFLICT (name) DO NOTHING",
      {name, *in.client_id, *in.client_secret, ScopesLiteral(in.scopes.value_or(std::vector<std::string>{})),
       in.redirect_url && !in.redirect_url->empty() ? in.redirect_url : std::nullopt,
       in.enabled.value_or(true) ? "true" : "false"});
  if (r.command_tag != "INSERT 0 1") {
    Fail(ErrorKind::kAlreadyExists, "auth provider " + name + " already exists",
         "change it with 'graft auth providers update " + name + "'");
  }
  tx.Commit();
  return GetProvider(conn, name);
}

Json UpdateProvider(pg::Conn& conn, const std::string& name, const ProviderInput& in) {
  ValidateProviderInput(name, in);
  std::vector<std::string> sets;
  std::vector<std::optional<std::string>> params = {name};
  auto add = [&](const std::string& col, std::optional<std::string> v, const std::string& cast = "") {
    params.push_back(std::move(v));
    sets.push_back(col + " = $" + std::to_string(params.size()) + cast);
  };
  if (in.client_id) add("client_id", *in.client_id);
  if (in.client_secret) add("client_secret", *in.client_secret);
  if (in.scopes) add("scopes", ScopesLiteral(*in.scopes), "::text[]");
  if (in.redirect_url) add("redirect_url", in.redirect_url->empty() ? std::nullopt : in.redirect_url);
  if (in.enabled) add("enabled", *in.enabled ? "true" : "false", "::boolean");
  if (sets.empty()) {
    Fail(ErrorKind::kUsage, "nothing to update for auth provider " + name,
         "pass --client-id, --client-secret-file, --scopes, --redirect-url or --enabled");
  }
  std::string sql = "UPDATE auth.providers SET updated_at = now()";
  for (const auto& s : sets) sql += ", " + s;
  pg::Transaction tx(conn);
  auto r = conn.Exec(sql + " WHERE name = $1", params);
  if (r.command_tag != "UPDATE 1") {
    Fail(ErrorKind::kNotFound, "auth provider " + Quoted(name) + " not found", "add it with 'graft auth providers add " + name + "'");
  }
  tx.Commit();
  return GetProvider(conn, name);
}

void RemoveProvider(pg::Conn& conn, const std::string& name) {
  auto r = conn.Exec("DELETE FROM auth.providers WHERE name = $1", {name});
  if (r.command_tag != "DELETE 1") Fail(ErrorKind::kNotFound, "auth provider " + Quoted(name) + " not found");
}

}  // namespace graft::platform

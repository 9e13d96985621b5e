// graft/instance/roles.h: who is who inside an instance.
//
// Every instance has two roles that matter:
// - kAdminRole (graft_admin), the bootstrap superuser. graft alone uses it,
//   over the private unix socket (trusted; the socket directory belongs to
//   the server user). It has no password, so it cannot log in over TCP. It
//   owns the platform schemas and runs introspection, platform commands,
//   merges and branch clones.
// - kUserRole (postgres), the role of every URL and of `graft sql`: LOGIN,
//   CREATEDB, BYPASSRLS, not SUPERUSER and not CREATEROLE (on PostgreSQL 15
//   CREATEROLE may grant itself pg_execute_server_program, which is a
//   superuser in all but name). It owns the database (so also `public`,
//   owned by pg_database_owner) and everything users create, and reads the
//   platform tables.
//
// Instances made by an older graft have `postgres` as their bootstrap
// superuser and user objects owned by it. ConnectAdmin migrates them the
// first time graft connects: the bootstrap superuser is renamed graft_admin,
// a new non-superuser `postgres` takes over its password (the URL stays
// valid) and the ownership of the database and of every object outside the
// platform and system schemas. Each step re-reads the catalog, so a killed
// migration is finished by the next connection.
#pragma once

#include <string>

#include "pg/conn.h"

namespace graft::instance {

inline constexpr const char* kAdminRole = "graft_admin";
inline constexpr const char* kUserRole = "postgres";

// Schemas owned by graft_admin: the platform's (and pg_cron's). The user
// role can read their tables; only platform commands change them.
const char* const* PlatformSchemas();

// Opens a unix-socket connection as graft_admin, migrating an instance still
// in the old layout first, and makes sure the user role exists with its
// attributes and owns the database. `migrated` (optional) is set to true
// when this call converted an old instance. Throws kDatabase.
pg::Conn ConnectAdmin(const std::string& socket_dir, int port, bool* migrated = nullptr);

// Hands every object owned by graft_admin outside the platform and system
// schemas (and not an extension's) to the user role, and its databases too.
// Part of the migration of old instances; tests use it after setting up
// state as graft_admin.
void ReassignUserObjects(pg::Conn& admin);

// A unix-socket connection as the user role (what `graft sql` runs as).
// Call ConnectAdmin once before, so an old instance is migrated.
pg::Conn ConnectUser(const std::string& socket_dir, int port);

// True when `SELECT 1` through the socket succeeds within `timeout_s`, as
// graft_admin, or as postgres on an instance not migrated yet. Changes nothing.
bool AnswersQueries(const std::string& socket_dir, int port, int timeout_s);

// libpq conninfo through the unix socket as `role`.
std::string SocketConninfoAs(const std::string& socket_dir, int port, const std::string& role,
                             const std::string& dbname = "postgres");

}  // namespace graft::instance

-- name: privilege/default_privileges_revoked (a)
-- description: revoking default privileges: the source has a schema-level grant to a role and EXECUTE on functions revoked from PUBLIC, the target neither (the grant is revoked, EXECUTE given back; the other way round, revoked)
-- roles: app_reader
alter default privileges in schema public grant select on tables to app_reader;
alter default privileges revoke execute on functions from public;

-- name: foreign/wrapper_server_mapping (b)
-- description: foreign-data wrappers, servers and user mappings added, dropped and altered (options, version, owner, privileges, comments)
-- roles: graft_fdw_user
create foreign data wrapper w1 options (debug 'true');
create server s1 version '2.0' foreign data wrapper w1 options (host 'b.example', port '5432', dbname 'app');
create server s2 type 'pg' foreign data wrapper w1;
create user mapping for public server s1 options (user 'writer');
create user mapping for graft_fdw_user server s2 options (user 'remote_app');
grant usage on foreign server s2 to graft_fdw_user;
grant usage on foreign data wrapper w1 to graft_fdw_user with grant option;
comment on server s1 is 'primary';
comment on foreign data wrapper w1 is 'test wrapper';
alter server s2 owner to graft_fdw_user;

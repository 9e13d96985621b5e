-- name: foreign/wrapper_server_mapping (a)
-- description: foreign-data wrappers, servers and user mappings added, dropped and altered (options, version, owner, privileges, comments)
-- roles: graft_fdw_user
create foreign data wrapper w1;
create foreign data wrapper w_old options (mode 'legacy');
create server s1 foreign data wrapper w1 options (host 'a.example', port '5432');
create server s_old foreign data wrapper w_old;
create user mapping for public server s1 options (user 'reader');
create user mapping for public server s_old;

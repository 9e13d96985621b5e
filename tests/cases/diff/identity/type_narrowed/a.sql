-- name: identity/type_narrowed (a)
-- description: an identity column's type changes from bigint to integer while its MAXVALUE comes back within integer range
create table t (id bigint generated always as identity (maxvalue 10000000000) primary key, v text);

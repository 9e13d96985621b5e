-- name: identity/type_narrowed (b)
-- description: an identity column's type changes from bigint to integer while its MAXVALUE comes back within integer range
create table t (id int generated always as identity primary key, v text);

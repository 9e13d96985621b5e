-- name: identity/type_widened (b)
-- description: an identity column's type changes from integer to bigint with a larger MAXVALUE
create table t (id bigint generated always as identity (maxvalue 10000000000) primary key, v text);

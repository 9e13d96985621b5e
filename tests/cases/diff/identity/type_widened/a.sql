-- name: identity/type_widened (a)
-- description: an identity column's type changes from integer to bigint with a larger MAXVALUE
create table t (id int generated always as identity primary key, v text);

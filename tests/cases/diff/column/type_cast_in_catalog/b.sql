-- name: column/type_cast_in_catalog (b)
-- description: a column with rows changes to a type graft does not know a cast to but Postgres has one (integer to money)
create table t (id int, price money);

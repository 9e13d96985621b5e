-- name: column/type_array_and_custom (b)
-- description: a column changes to an array type and to a domain
create domain positive as int check (value > 0);
create table t (id int, tags text[], qty positive);

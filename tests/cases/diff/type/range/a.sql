-- name: type/range (a)
-- description: a range type with a subtype diff function, and a multirange in use
create table t (id int);

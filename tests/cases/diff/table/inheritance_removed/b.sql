-- name: table/inheritance_removed (b)
-- description: a table stops inheriting from its parent
create table base (id int);
create table sub (id int, note text);

-- name: table/inheritance_removed (a)
-- description: a table stops inheriting from its parent
create table base (id int);
create table sub (note text) inherits (base);

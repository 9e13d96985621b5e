-- name: table/inheritance_added (b)
-- description: a table starts inheriting from a parent
create table parent (id int, name text);
create table child (extra int) inherits (parent);

-- name: table/inheritance_added (a)
-- description: a table starts inheriting from a parent
create table parent (id int, name text);
create table child (id int, name text, extra int);

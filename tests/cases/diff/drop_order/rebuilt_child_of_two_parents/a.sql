-- name: drop_order/rebuilt_child_of_two_parents (a)
-- description: a child of two parents with rows is rebuilt (its own columns are reordered) while one parent gains a column: the copy waits for the parent's new column
create table owned (owner_name text);
create table versioned (version int default 1);
create table documents (title text, body text) inherits (owned, versioned);
insert into documents (owner_name, title, body) values ('ann', 't', 'b');

-- name: function/atomic_body_uses_table_and_function (b)
-- description: SQL-standard bodies (BEGIN ATOMIC, RETURN) that use a new table and a new function
create table keep (id int);
create table z_items (n int);
create function z_double(i int) returns int language sql immutable return i * 2;
create function a_total() returns bigint language sql begin atomic select sum(z_double(n)) from z_items; end;
create procedure a_add(v int) language sql begin atomic insert into z_items values (z_double(v)); end;

-- name: function/atomic_body_uses_table_and_function (a)
-- description: SQL-standard bodies (BEGIN ATOMIC, RETURN) that use a new table and a new function
create table keep (id int);

-- name: function/sql_body_uses_later_table (a)
-- description: a LANGUAGE sql function and procedure whose bodies use a table and a function the plan creates after them
create table keep (id int);

-- name: dependency/view_on_matview_and_function (a)
-- description: a view over a materialized view that uses a function; all new
create table sales (id int, amount numeric);

-- name: dependency/view_on_matview_and_function (b)
-- description: a view over a materialized view that uses a function; all new
create table sales (id int, amount numeric);
create function with_tax(n numeric) returns numeric language sql immutable as $$ select n * 1.2 $$;
create materialized view sales_total as select sum(with_tax(amount)) as total from sales;
create view report as select total, total / 2 as half from sales_total;

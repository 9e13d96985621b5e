-- name: function/sql_body_read_by_matview_at_creation (b)
-- description: a LANGUAGE sql function whose body reads a materialized view the plan also creates, used by another new materialized view: the function is created after the view its body names (its body is not in pg_depend)
create table src (n int);
insert into src values (1), (2), (3);
create materialized view z_counts as select count(*) as c from src;
create function total() returns bigint language sql stable as $$ select c from z_counts $$;
create materialized view a_totals as select total() as t;

-- name: function/sql_body_read_by_matview_at_creation (a)
-- description: a LANGUAGE sql function whose body reads a materialized view the plan also creates, used by another new materialized view: the function is created after the view its body names (its body is not in pg_depend)
create table src (n int);
insert into src values (1), (2), (3);

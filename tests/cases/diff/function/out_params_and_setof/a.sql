-- name: function/out_params_and_setof (a)
-- description: functions with OUT parameters, RETURNS TABLE and SETOF
create table t (id int, name text);

-- name: constraint/unique (b)
-- description: unique constraints: added, changed to deferrable, dropped, NULLS NOT DISTINCT
create table t (a int, b int, c int, d int,
  constraint t_a_key unique (a),
  constraint t_b_key unique (b) deferrable initially deferred,
  constraint t_d_key unique nulls not distinct (d));

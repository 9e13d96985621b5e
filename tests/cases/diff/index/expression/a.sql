-- name: index/expression (a)
-- description: expression indexes
create table t (email text, data jsonb);

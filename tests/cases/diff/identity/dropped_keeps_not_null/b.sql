-- name: identity/dropped_keeps_not_null (b)
-- description: identity dropped from one column and from another that becomes nullable
create table t (
  a int not null,
  b bigint
);

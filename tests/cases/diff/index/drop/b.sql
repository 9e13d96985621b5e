-- name: index/drop (b)
-- description: an index is dropped
create table t (a int);

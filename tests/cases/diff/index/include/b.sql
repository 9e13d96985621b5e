-- name: index/include (b)
-- description: a covering index with INCLUDE columns and opclass/ordering options
create table t (a int, b text, c int);
create index t_a on t (a) include (b, c);
create index t_b_desc on t (b text_pattern_ops, c desc nulls last);

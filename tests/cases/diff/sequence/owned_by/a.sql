-- name: sequence/owned_by (a)
-- description: a sequence becomes owned by a column, another stops being owned
create table t (id int, n int);
create sequence a_seq;
create sequence b_seq owned by t.n;

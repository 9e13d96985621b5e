-- name: sequence/owned_by (b)
-- description: a sequence becomes owned by a column, another stops being owned
create sequence a_seq;
create table t (id int default nextval('a_seq'), n int);
alter sequence a_seq owned by t.id;
create sequence b_seq;

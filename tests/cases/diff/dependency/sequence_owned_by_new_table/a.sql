-- name: dependency/sequence_owned_by_new_table (a)
-- description: a new table with a serial column and a sequence owned by it
create table t (id int);

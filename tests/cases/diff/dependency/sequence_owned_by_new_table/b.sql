-- name: dependency/sequence_owned_by_new_table (b)
-- description: a new table with a serial column and a sequence owned by it
create table t (id int);
create table n (id serial primary key, big bigserial);

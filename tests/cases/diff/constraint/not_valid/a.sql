-- name: constraint/not_valid (a)
-- description: constraints added NOT VALID, and one validated
create table p (id int primary key);
create table c (id int, pid int);
-- NOT VALID is ignored inside CREATE TABLE: add it afterwards
alter table c add constraint c_id_pos check (id > 0) not valid;

-- name: constraint/not_valid (a)
-- description: constraints added NOT VALID, and one validated
create table p (id int primary key);
create table c (id int, pid int, constraint c_id_pos check (id > 0) not valid);

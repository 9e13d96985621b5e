-- name: constraint/not_valid (b)
-- description: constraints added NOT VALID, and one validated
create table p (id int primary key);
create table c (id int, pid int, constraint c_id_pos check (id > 0));
alter table c add constraint c_pid_fk foreign key (pid) references p(id) not valid;
alter table c add constraint c_id_small check (id < 1000) not valid;

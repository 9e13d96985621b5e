-- name: constraint/foreign_key_actions (a)
-- description: foreign key actions and deferrability change
create table p (id int primary key, code text unique);
create table c (id int, pid int references p(id), code text references p(code));

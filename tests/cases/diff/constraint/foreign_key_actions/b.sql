-- name: constraint/foreign_key_actions (b)
-- description: foreign key actions and deferrability change
create table p (id int primary key, code text unique);
create table c (id int,
  pid int references p(id) on delete cascade on update set null deferrable initially deferred,
  code text references p(code) match full on delete set default);

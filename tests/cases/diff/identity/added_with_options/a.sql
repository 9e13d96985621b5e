-- name: identity/added_with_options (a)
-- description: identity with every option added to existing columns, one of them nullable before
create table t (
  id int not null,
  n bigint,
  note text
);
insert into t (id, n) values (1, 1), (2, 2);

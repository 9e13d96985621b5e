-- name: enum/new_and_dropped (b)
-- description: an enum is created and used; another unused enum is dropped
create type status as enum ('new', 'open', 'closed');
create table t (id int, s status not null default 'new');

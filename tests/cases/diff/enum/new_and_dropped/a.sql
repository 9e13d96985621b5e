-- name: enum/new_and_dropped (a)
-- description: an enum is created and used; another unused enum is dropped
create type old_status as enum ('a', 'b');
create table t (id int);

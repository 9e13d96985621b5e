-- name: policy/rls_enable_force (a)
-- description: row level security enabled on one table, forced on another, disabled on a third
create table docs (id int, owner text, public boolean);
create table b (id int);
create table c (id int);
alter table c enable row level security;

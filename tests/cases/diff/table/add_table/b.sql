-- name: table/add_table (b)
-- description: a new table with several column kinds
create table a (id int primary key);
create table b (
  id bigint generated always as identity primary key,
  a_id int not null references a(id),
  name varchar(80) not null default 'x',
  price numeric(10,2),
  tags text[],
  payload jsonb,
  created timestamptz not null default now()
);

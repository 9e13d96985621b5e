-- name: comment/everything (a)
-- description: comments on many kinds of objects are added, changed and removed
create schema s;
create table s.t (id int primary key, name text, constraint name_nonempty check (name <> ''));
create index t_name on s.t (name);
create view s.v as select id from s.t;
create sequence s.seq;
create function s.f(a int) returns int language sql as $$ select a $$;
create type s.e as enum ('x');
create domain s.d as int;
create function s.trg() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger tr before insert on s.t for each row execute function s.trg();
alter table s.t enable row level security;
create policy pol on s.t using (true);
create materialized view s.mv as select 1 as one;
comment on table s.t is 'old table comment';
comment on column s.t.name is 'dropped later';

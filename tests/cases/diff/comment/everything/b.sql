-- name: comment/everything (b)
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
comment on schema s is 'the schema';
comment on table s.t is 'new table comment';
comment on column s.t.id is 'identifier';
comment on constraint name_nonempty on s.t is 'no empty names';
comment on index s.t_name is 'by name';
comment on view s.v is 'a view';
comment on column s.v.id is 'view column';
comment on sequence s.seq is 'a sequence';
comment on function s.f(int) is 'identity';
comment on type s.e is 'an enum';
comment on domain s.d is 'a domain';
comment on trigger tr on s.t is 'a trigger';
comment on policy pol on s.t is 'a policy';
comment on materialized view s.mv is 'a matview';

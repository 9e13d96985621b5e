-- name: type/composite_typed_tables_cascade (b)
-- description: a composite type that typed tables (CREATE TABLE ... OF) use gains, loses and retypes attributes: ALTER TYPE ... CASCADE changes the tables' columns with it (no ALTER TABLE on them), a view over a retyped column is recreated around it, the tables' own defaults and comments on the new column follow
create type person as (name text, age bigint, email text);
create table people of person (name not null, email default 'unknown', primary key (name));
create table staff of person;
create view adults as select name, age from people where age >= 18;
comment on column staff.email is 'work address';

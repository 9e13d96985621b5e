-- name: type/composite_typed_tables_cascade (a)
-- description: a composite type that typed tables (CREATE TABLE ... OF) use gains, loses and retypes attributes: ALTER TYPE ... CASCADE changes the tables' columns with it (no ALTER TABLE on them), a view over a retyped column is recreated around it, the tables' own defaults and comments on the new column follow
create type person as (name text, age integer, nickname text);
create table people of person (name not null, primary key (name));
create table staff of person;
create view adults as select name, age from people where age >= 18;
insert into people values ('ada', 36, 'countess');

-- name: dependency/rename_table_with_dependents (b)
-- description: a table is replaced by one of another name that views, foreign keys and triggers refer to
create table client (id int primary key, name text);
create table orders (id int, cid int references client(id));
create view customer_names as select name from client;
create function f() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger tr before insert on client for each row execute function f();

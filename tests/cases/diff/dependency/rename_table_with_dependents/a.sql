-- name: dependency/rename_table_with_dependents (a)
-- description: a table is replaced by one of another name that views, foreign keys and triggers refer to
create table customer (id int primary key, name text);
create table orders (id int, cid int references customer(id));
create view customer_names as select name from customer;
create function f() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger tr before insert on customer for each row execute function f();

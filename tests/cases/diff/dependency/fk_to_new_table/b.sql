-- name: dependency/fk_to_new_table (b)
-- description: a foreign key to a table that is new in the target
create table customers (id int primary key, name text);
create table orders (id int primary key, customer_id int references customers(id));

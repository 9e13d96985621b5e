-- name: dependency/fk_to_new_table (a)
-- description: a foreign key to a table that is new in the target
create table orders (id int primary key, customer_id int);

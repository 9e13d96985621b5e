-- name: publication/columns_and_filter (a)
-- description: a published table's column list and row filter change; a table joins with a filter
create table customers (id int primary key, name text, email text, region text);
create table orders (id int primary key, customer int, total numeric);
create publication shop for table customers (id, name, region) where (region <> 'test') with (publish = 'insert');

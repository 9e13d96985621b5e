-- name: publication/columns_and_filter (b)
-- description: a published table's column list and row filter change; a table joins with a filter
create table customers (id int primary key, name text, email text, region text);
create table orders (id int primary key, customer int, total numeric);
create publication shop for table customers (id, name, email, region) where (region not in ('test', 'qa')),
  table orders where (total > 0) with (publish = 'insert');

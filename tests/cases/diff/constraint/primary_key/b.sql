-- name: constraint/primary_key (b)
-- description: a primary key is added to one table and changed on another
create table a (id int not null primary key, x int);
create table b (k1 int not null, k2 int not null, primary key (k1, k2));

-- name: constraint/primary_key (a)
-- description: a primary key is added to one table and changed on another
create table a (id int not null, x int);
create table b (k1 int not null, k2 int not null, primary key (k1));

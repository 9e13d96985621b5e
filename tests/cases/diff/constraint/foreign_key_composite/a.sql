-- name: constraint/foreign_key_composite (a)
-- description: a composite foreign key to a composite unique key
create table p (a int, b int, unique (a, b));
create table c (a int, b int);

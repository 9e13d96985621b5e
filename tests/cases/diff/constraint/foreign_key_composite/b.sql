-- name: constraint/foreign_key_composite (b)
-- description: a composite foreign key to a composite unique key
create table p (a int, b int, unique (a, b));
create table c (a int, b int, foreign key (a, b) references p (a, b) on delete restrict);

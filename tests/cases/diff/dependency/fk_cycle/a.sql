-- name: dependency/fk_cycle (a)
-- description: two new tables whose foreign keys reference each other
create table x (id int);

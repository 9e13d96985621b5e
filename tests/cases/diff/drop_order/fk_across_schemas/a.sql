-- name: drop_order/fk_across_schemas (a)
-- description: two dropped schemas whose tables reference each other's
create schema s1;
create schema s2;
create table s1.parent (id int primary key);
create table s2.child (id int primary key, parent_id int references s1.parent (id));
create table s1.grandchild (id int, child_id int references s2.child (id));
create table keep (id int);

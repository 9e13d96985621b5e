-- name: drop_order/fk_between_dropped_tables (a)
-- description: two dropped tables joined by a foreign key; the referenced one sorts first
create table a_parent (id int primary key);
create table z_child (id int primary key, parent_id int references a_parent (id));
create table keep (id int);

-- name: drop_order/fk_between_dropped_tables (b)
-- description: two dropped tables joined by a foreign key; the referenced one sorts first
create table keep (id int);

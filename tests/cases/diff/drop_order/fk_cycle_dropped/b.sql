-- name: drop_order/fk_cycle_dropped (b)
-- description: two dropped tables whose foreign keys reference each other
create table keep (id int);

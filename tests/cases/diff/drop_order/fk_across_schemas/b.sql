-- name: drop_order/fk_across_schemas (b)
-- description: two dropped schemas whose tables reference each other's
create table keep (id int);

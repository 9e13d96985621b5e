-- name: drop_order/sequences_of_dropped_table (b)
-- description: a dropped table with a serial column, an identity column and a default from a shared sequence that goes too
create table keep (id int);

-- name: table/storage_params (b)
-- description: table storage parameters change
create table t (id int) with (fillfactor = 90, autovacuum_enabled = false);

-- name: table/storage_params (a)
-- description: table storage parameters change
create table t (id int) with (fillfactor = 70);

-- name: drop_order/view_chain_across_schemas (b)
-- description: views across two dropped schemas over a dropped table
create table keep (id int);

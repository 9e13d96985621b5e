-- name: drop_order/view_chain_across_schemas (a)
-- description: views across two dropped schemas over a dropped table
create schema s1;
create schema s2;
create table s2.base (id int);
create view s1.v1 as select id from s2.base;
create view s2.v2 as select id from s1.v1;
create table keep (id int);

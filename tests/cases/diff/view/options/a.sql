-- name: view/options (a)
-- description: view options: security_barrier, check option, security_invoker
create table t (id int, owner text);
create view v as select id, owner from t;

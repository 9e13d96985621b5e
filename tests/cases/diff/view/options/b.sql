-- name: view/options (b)
-- description: view options: security_barrier, check option, security_invoker
create table t (id int, owner text);
create view v with (security_barrier = true, security_invoker = true) as select id, owner from t where owner = current_user with local check option;

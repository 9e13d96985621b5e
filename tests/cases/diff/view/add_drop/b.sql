-- name: view/add_drop (b)
-- description: a view is created and another dropped
create table t (id int, name text);
create view new_v as select id, upper(name) as uname from t where id > 0;

-- name: column/type_using (a)
-- description: text becomes integer (needs a USING cast)
create table t (id int primary key, code text);
insert into t values (1, '42');

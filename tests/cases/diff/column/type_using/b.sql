-- name: column/type_using (b)
-- description: text becomes integer (needs a USING cast)
create table t (id int primary key, code integer);

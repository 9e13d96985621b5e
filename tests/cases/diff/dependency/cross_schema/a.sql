-- name: dependency/cross_schema (a)
-- description: new objects in two schemas that depend on each other
create table keep (id int);

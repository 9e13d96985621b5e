-- name: view/recursive (a)
-- description: a recursive view
create table tree (id int, parent int);

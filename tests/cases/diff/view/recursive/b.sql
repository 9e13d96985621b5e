-- name: view/recursive (b)
-- description: a recursive view
create table tree (id int, parent int);
create recursive view descendants (id, root) as
  select id, id from tree
  union all
  select t.id, d.root from tree t join descendants d on t.parent = d.id;

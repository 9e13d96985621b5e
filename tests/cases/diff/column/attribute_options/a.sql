-- name: column/attribute_options (a)
-- description: column attribute options (n_distinct, n_distinct_inherited) set, changed and reset, on kept and new tables, beside a statistics target
create table facts (k int, v text);
create table dims (id int, label text);
alter table dims alter column label set (n_distinct = 20);

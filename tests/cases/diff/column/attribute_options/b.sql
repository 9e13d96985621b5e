-- name: column/attribute_options (b)
-- description: column attribute options (n_distinct, n_distinct_inherited) set, changed and reset, on kept and new tables, beside a statistics target
create table facts (k int, v text);
alter table facts alter column k set (n_distinct = -0.5);
alter table facts alter column v set statistics 500;
create table dims (id int, label text);
alter table dims alter column label set (n_distinct = 40);
create table facts2 (k int, v text);
alter table facts2 alter column k set (n_distinct = 100, n_distinct_inherited = 5);

-- name: publication/all_tables_switch (a)
-- description: a publication of all tables becomes one of a list of tables (it is recreated)
create table a (id int primary key);
create table b (id int primary key);
create publication everything for all tables;

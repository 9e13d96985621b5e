-- name: dependency/type_before_column (a)
-- description: new enum, domain and composite types used by new columns of an existing table
create table t (id int);

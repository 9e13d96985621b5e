-- name: index/expression (b)
-- description: expression indexes
create table t (email text, data jsonb);
create index t_lower_email on t (lower(email));
create index t_data_kind on t ((data ->> 'kind'), (data -> 'n'));

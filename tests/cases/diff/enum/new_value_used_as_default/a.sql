-- name: enum/new_value_used_as_default (a)
-- description: an added enum value is used right away by a column default
create type level as enum ('low', 'high');
create table t (l level default 'low');

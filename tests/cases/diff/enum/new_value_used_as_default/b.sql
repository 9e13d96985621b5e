-- name: enum/new_value_used_as_default (b)
-- description: an added enum value is used right away by a column default
create type level as enum ('low', 'medium', 'high');
create table t (l level default 'medium');

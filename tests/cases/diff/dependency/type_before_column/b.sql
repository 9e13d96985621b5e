-- name: dependency/type_before_column (b)
-- description: new enum, domain and composite types used by new columns of an existing table
create type st as enum ('on', 'off');
create domain posint as int check (value > 0);
create type kv as (k text, v text);
create table t (id int, s st, n posint, pair kv, history st[]);

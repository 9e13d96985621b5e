-- name: enum/value_removed (a)
-- description: a value is removed from an enum used by a column (the type must be rebuilt)
create type color as enum ('red', 'green', 'blue');
create table t (c color default 'red');

-- name: enum/value_removed (b)
-- description: a value is removed from an enum used by a column (the type must be rebuilt)
create type color as enum ('red', 'blue');
create table t (c color default 'red');

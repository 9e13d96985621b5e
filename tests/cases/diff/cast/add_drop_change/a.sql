-- name: cast/add_drop_change (a)
-- description: user casts added, dropped and changed (context, method: recreated); a comment on one
create type mood as enum ('sad', 'ok', 'happy');
create type pair as (x int, y int);
create function mood_rank(mood) returns int language sql immutable as $$ select case $1 when 'sad' then 0 when 'ok' then 1 else 2 end $$;
create function pair_sum(pair) returns bigint language sql immutable as $$ select ($1.x + $1.y)::bigint $$;
create cast (mood as int) with function mood_rank(mood);
create cast (pair as text) with inout;
create cast (pair as bigint) with function pair_sum(pair) as assignment;

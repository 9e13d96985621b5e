-- name: enum/add_value_middle (a)
-- description: enum values added in the middle, at the start and at the end
create type mood as enum ('sad', 'happy');
create table person (name text, current_mood mood);

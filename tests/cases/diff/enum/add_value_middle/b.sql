-- name: enum/add_value_middle (b)
-- description: enum values added in the middle, at the start and at the end
create type mood as enum ('angry', 'sad', 'ok', 'happy', 'ecstatic');
create table person (name text, current_mood mood);

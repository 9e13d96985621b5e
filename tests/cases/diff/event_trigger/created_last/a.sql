-- name: event_trigger/created_last (a)
-- description: a new event trigger refusing DDL is created after the plan's other statements (and dropped before them the other way)
create table t (id int primary key);

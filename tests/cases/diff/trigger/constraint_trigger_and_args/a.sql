-- name: trigger/constraint_trigger_and_args (a)
-- description: a deferrable constraint trigger and a trigger with arguments and transition tables
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;

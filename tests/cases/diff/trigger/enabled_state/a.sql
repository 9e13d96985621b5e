-- name: trigger/enabled_state (a)
-- description: triggers disabled, enabled ALWAYS and REPLICA
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create trigger tr1 before update on t for each row execute function touch();
create trigger tr2 after insert on t for each row execute function audit();
create trigger tr3 after delete on t for each row execute function audit();
alter table t disable trigger tr3;

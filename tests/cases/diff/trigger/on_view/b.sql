-- name: trigger/on_view (b)
-- description: an INSTEAD OF trigger on a view
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create view v as select id, name from t;
create function v_ins() returns trigger language plpgsql as $$ begin insert into t (id, name) values (new.id, new.name); return new; end $$;
create trigger v_ins instead of insert on v for each row execute function v_ins();

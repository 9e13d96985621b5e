-- name: trigger/on_view (a)
-- description: an INSTEAD OF trigger on a view
create table t (id int, name text, updated timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.updated := now(); return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create view v as select id, name from t;

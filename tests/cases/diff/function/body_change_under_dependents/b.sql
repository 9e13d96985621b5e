-- name: function/body_change_under_dependents (b)
-- description: a function used by a trigger, a policy, a default and a view changes only its body
create function pick() returns int language sql stable as $$ select 2 $$;
create function ok(i int) returns boolean language sql stable as $$ select i >= 0 $$;
create function trg() returns trigger language plpgsql as $$ begin new.id := coalesce(new.id, 0); return new; end $$;
create table t (id int default pick());
create trigger tr before insert on t for each row execute function trg();
alter table t enable row level security;
create policy p on t using (ok(id));
create view v as select pick() as p, id from t where ok(id);

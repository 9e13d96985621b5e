-- name: function/procedure (a)
-- description: procedures: added, body changed
create table log (msg text);
create procedure p(m text) language sql as $$ insert into log values (m) $$;

-- name: function/procedure (b)
-- description: procedures: added, body changed
create table log (msg text);
create procedure p(m text) language sql as $$ insert into log values (upper(m)) $$;
create procedure p2(inout n int) language plpgsql as $$ begin n := n + 1; end $$;

-- name: function/language_change (b)
-- description: a function moves from SQL to plpgsql
create function f(a int) returns int language plpgsql as $$
begin
  return a * 3;
end
$$;

CREATE PROCEDURE public.p(x int) LANGUAGE sql AS $$ UPDATE public.t SET n = x $$;

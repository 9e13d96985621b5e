CREATE FUNCTION public.count_t() RETURNS bigint LANGUAGE sql STABLE SET search_path = public AS $$ SELECT count(*) FROM t $$;

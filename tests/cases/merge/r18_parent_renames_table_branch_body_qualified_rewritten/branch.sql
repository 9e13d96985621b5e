CREATE FUNCTION public.count_t() RETURNS bigint LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT count(*) FROM public.t); END $$;

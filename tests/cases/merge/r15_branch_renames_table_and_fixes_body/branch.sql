ALTER TABLE public.t RENAME TO things;
CREATE OR REPLACE FUNCTION public.count_t() RETURNS bigint LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT count(*) FROM public.things); END $$;

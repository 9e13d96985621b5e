CREATE TABLE public.t (id int PRIMARY KEY, name text, n int DEFAULT 0);
INSERT INTO public.t SELECT g, 'n' || g, g FROM generate_series(1, 20) g;
ALTER TABLE public.t RENAME TO things;
CREATE FUNCTION public.count_t() RETURNS bigint LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT count(*) FROM public.things); END $$;

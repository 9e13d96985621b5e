CREATE TABLE public.t (id int PRIMARY KEY, name text, n int DEFAULT 0);
INSERT INTO public.t SELECT g, 'n' || g, g FROM generate_series(1, 20) g;
CREATE MATERIALIZED VIEW public.mv AS SELECT id FROM public.t;
CREATE UNIQUE INDEX mv_id ON public.mv (id);

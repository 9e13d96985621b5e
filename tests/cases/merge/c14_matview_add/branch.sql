CREATE MATERIALIZED VIEW public.mv AS SELECT count(*) AS c FROM public.t;

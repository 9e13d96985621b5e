CREATE VIEW public.names AS SELECT name FROM public.t;

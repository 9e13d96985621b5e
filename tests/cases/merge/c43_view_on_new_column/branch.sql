ALTER TABLE public.t ADD COLUMN tag text;
CREATE VIEW public.tags AS SELECT id, tag FROM public.t;

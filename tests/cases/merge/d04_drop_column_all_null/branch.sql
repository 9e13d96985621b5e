ALTER TABLE public.t DROP COLUMN unused;

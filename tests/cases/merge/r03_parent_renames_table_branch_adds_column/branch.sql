ALTER TABLE public.t ADD COLUMN extra int;

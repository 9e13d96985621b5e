ALTER TABLE public.t ADD COLUMN b int;

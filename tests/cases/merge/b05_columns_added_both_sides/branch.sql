ALTER TABLE public.t ADD COLUMN y int;

ALTER TABLE public.t ADD COLUMN x int;

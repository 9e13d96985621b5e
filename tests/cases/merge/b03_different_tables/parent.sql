ALTER TABLE public.t ADD COLUMN from_parent int;

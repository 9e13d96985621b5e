ALTER TABLE public.u ADD COLUMN from_branch int;

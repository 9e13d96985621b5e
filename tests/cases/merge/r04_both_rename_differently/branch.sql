ALTER TABLE public.t RENAME TO b_name;

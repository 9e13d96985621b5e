ALTER TABLE public.t RENAME TO same_name;

ALTER TABLE public.t RENAME TO p_name;

CREATE INDEX t_name_idx ON public.t (name);

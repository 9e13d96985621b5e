CREATE INDEX t_b_idx ON public.t (name);

CREATE INDEX t_p_idx ON public.t (n);

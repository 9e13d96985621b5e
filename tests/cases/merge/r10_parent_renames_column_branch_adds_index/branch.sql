CREATE INDEX t_n_idx ON public.t (n);

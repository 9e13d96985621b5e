DROP INDEX public.t_n_idx;

ALTER INDEX public.t_n_idx RENAME TO t_n_index;

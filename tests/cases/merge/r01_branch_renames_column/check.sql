SELECT count(*) = 20 AND count(full_name) = 20 FROM public.t

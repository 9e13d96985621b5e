INSERT INTO public.t VALUES (1000, 'branch row', 0);

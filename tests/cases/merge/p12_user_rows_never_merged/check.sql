SELECT NOT EXISTS (SELECT 1 FROM public.t WHERE id = 1000)
SELECT count(*) = 20 FROM public.t

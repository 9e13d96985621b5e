SELECT count(*) = 20 FROM public.things

GRANT SELECT ON public.t TO merge_reader;

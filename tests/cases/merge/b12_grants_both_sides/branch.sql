GRANT INSERT ON public.t TO merge_writer;

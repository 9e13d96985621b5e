REVOKE INSERT ON public.t FROM merge_reader;

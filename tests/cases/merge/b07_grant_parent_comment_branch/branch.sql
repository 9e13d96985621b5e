COMMENT ON TABLE public.t IS 'branch note';

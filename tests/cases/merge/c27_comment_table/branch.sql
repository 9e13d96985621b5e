COMMENT ON TABLE public.t IS 'the t table';

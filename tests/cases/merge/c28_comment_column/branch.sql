COMMENT ON COLUMN public.t.name IS 'a name';

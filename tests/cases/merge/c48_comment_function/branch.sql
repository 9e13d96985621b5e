COMMENT ON FUNCTION public.f(int) IS 'adds one';

DROP FUNCTION public.touch();

DROP FUNCTION public.f(int);

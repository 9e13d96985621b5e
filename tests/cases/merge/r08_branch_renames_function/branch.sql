ALTER FUNCTION public.f(int) RENAME TO g;

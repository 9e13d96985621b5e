SELECT public.f(1) = 9

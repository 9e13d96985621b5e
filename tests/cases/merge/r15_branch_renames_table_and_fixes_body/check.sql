SELECT public.count_t() = 20

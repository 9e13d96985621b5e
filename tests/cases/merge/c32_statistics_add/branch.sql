CREATE STATISTICS public.t_stats (dependencies) ON id, n FROM public.t;

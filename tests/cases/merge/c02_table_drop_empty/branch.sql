DROP TABLE public.gone;

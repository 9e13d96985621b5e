DROP TRIGGER t_touch ON public.t;

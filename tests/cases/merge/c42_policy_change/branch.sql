ALTER POLICY t_read ON public.t USING (n > 5);

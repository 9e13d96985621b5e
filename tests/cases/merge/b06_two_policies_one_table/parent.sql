CREATE POLICY p_side ON public.t FOR SELECT USING (n > 1);

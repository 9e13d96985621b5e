CREATE POLICY b_side ON public.t FOR DELETE USING (n > 2);

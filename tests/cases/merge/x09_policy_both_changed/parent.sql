ALTER POLICY pol ON public.t USING (n > 1);

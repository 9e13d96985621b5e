CREATE UNIQUE INDEX mv_id ON public.mv (id);

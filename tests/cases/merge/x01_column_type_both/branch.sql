ALTER TABLE public.t ALTER COLUMN n TYPE numeric;

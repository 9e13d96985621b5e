ALTER TABLE public.t ADD COLUMN same text;

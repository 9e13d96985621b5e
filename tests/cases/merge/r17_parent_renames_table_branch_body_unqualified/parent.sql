ALTER TABLE public.t RENAME TO things;

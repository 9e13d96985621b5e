ALTER TABLE public.t ADD CONSTRAINT name_unique UNIQUE (name);

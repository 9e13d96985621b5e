ALTER TABLE public.t ADD CONSTRAINT n_positive CHECK (n >= 0);

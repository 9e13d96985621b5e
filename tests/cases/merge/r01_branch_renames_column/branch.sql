ALTER TABLE public.t RENAME COLUMN name TO full_name;

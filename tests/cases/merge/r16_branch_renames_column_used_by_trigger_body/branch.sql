ALTER TABLE public.t RENAME COLUMN updated_at TO modified_at;

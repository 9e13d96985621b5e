CREATE EXTENSION citext;
ALTER TABLE public.t ADD COLUMN email citext;

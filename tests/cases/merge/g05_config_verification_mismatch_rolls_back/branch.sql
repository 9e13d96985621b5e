ALTER TABLE public.t ADD COLUMN b int;
UPDATE auth.providers SET client_id = 'new' WHERE name = 'g05';

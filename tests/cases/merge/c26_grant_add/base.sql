DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'merge_reader') THEN CREATE ROLE merge_reader; END IF; END $$;
CREATE TABLE public.t (id int PRIMARY KEY, name text, n int DEFAULT 0);
INSERT INTO public.t SELECT g, 'n' || g, g FROM generate_series(1, 20) g;

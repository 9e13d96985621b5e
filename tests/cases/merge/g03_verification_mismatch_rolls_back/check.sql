SELECT to_regclass('public.intruder') IS NULL
SELECT NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b')

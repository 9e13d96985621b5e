CREATE TABLE public.mig (id int);
INSERT INTO system.migrations (version, name, checksum, statements, statement_count) VALUES ('20260101', 'add mig', 'abc', 'CREATE TABLE public.mig (id int);', 1);

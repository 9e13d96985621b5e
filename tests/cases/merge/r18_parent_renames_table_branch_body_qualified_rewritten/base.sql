CREATE TABLE public.t (id int PRIMARY KEY, name text, n int DEFAULT 0);
INSERT INTO public.t SELECT g, 'n' || g, g FROM generate_series(1, 20) g;

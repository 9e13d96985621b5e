CREATE TABLE public.t (id int PRIMARY KEY, name text);
INSERT INTO public.t SELECT g, 'n' || g FROM generate_series(1, 20) g;

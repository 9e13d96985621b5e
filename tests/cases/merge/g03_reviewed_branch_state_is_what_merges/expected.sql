CREATE TABLE public.t (id int PRIMARY KEY, name text, b int);

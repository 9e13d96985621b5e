CREATE TABLE public.p (id int);

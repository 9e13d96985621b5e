CREATE TABLE public.same (id int);

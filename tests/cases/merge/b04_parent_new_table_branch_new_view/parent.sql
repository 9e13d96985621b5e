CREATE TABLE public.p_new (id int);

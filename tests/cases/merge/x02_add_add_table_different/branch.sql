CREATE TABLE public.same (id bigint, v text);

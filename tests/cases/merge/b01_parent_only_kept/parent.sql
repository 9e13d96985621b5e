CREATE TABLE public.p_only (id int);
ALTER TABLE public.t ADD COLUMN p_col int;

CREATE TABLE public.t (id int PRIMARY KEY, name text, n int DEFAULT 0);
INSERT INTO public.t SELECT g, 'n' || g, g FROM generate_series(1, 20) g;
CREATE TABLE public.u (id int PRIMARY KEY, t_id int, note text);
INSERT INTO public.u SELECT g, g, 'u' || g FROM generate_series(1, 10) g;
ALTER TABLE public.u ADD CONSTRAINT u_t_fk FOREIGN KEY (t_id) REFERENCES public.t(id);

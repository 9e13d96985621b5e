ALTER TABLE public.u ADD CONSTRAINT u_t_fk FOREIGN KEY (t_id) REFERENCES public.t(id);

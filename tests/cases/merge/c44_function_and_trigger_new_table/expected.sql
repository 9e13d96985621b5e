CREATE TABLE public.w (id int PRIMARY KEY, n int);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := NEW.n + 1; RETURN NEW; END $$;
CREATE TRIGGER w_touch BEFORE UPDATE ON public.w FOR EACH ROW EXECUTE FUNCTION public.touch();

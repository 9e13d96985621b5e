CREATE TABLE public.t (id int PRIMARY KEY, name text, n int DEFAULT 0);
INSERT INTO public.t SELECT g, 'n' || g, g FROM generate_series(1, 20) g;
ALTER TABLE public.t ADD COLUMN updated_at timestamptz;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();

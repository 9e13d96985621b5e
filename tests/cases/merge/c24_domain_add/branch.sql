CREATE DOMAIN public.pos AS int CHECK (VALUE > 0);

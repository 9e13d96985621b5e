CREATE TYPE public.e AS ENUM ('b');

CREATE TYPE public.e AS ENUM ('a');

CREATE TYPE public.pair AS (a int, b text);

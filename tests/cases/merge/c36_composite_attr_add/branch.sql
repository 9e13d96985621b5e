ALTER TYPE public.pair ADD ATTRIBUTE b text;

ALTER TYPE public.mood ADD VALUE 'ok';

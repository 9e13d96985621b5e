ALTER TYPE public.mood ADD VALUE 'happy';

ALTER TABLE public.t RENAME COLUMN n TO amount;

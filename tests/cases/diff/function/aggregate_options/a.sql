-- name: function/aggregate_options (a)
-- description: aggregate options FINALFUNC_MODIFY and PARALLEL added to one aggregate and set on a new one; the other way they go back to the defaults
create function public.half(numeric) returns numeric language sql immutable as 'select $1 / 2';
create aggregate public.sum_half(numeric) (sfunc = numeric_add, stype = numeric, finalfunc = public.half, initcond = '0');

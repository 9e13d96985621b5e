-- name: function/aggregate_options (b)
-- description: aggregate options FINALFUNC_MODIFY and PARALLEL added to one aggregate and set on a new one; the other way they go back to the defaults
create function public.half(numeric) returns numeric language sql immutable as 'select $1 / 2';
create aggregate public.sum_half(numeric) (sfunc = numeric_add, stype = numeric, finalfunc = public.half, initcond = '0', finalfunc_modify = read_write, parallel = safe);
create aggregate public.sum_half_r(numeric) (sfunc = numeric_add, stype = numeric, finalfunc = public.half, finalfunc_modify = shareable, parallel = restricted);

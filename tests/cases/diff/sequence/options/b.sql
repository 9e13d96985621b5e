-- name: sequence/options (b)
-- description: sequence options change: increment, min, max, start, cache, cycle, type
create sequence s1 increment by 10 cache 20 cycle;
create sequence s2 increment by 2 no minvalue no maxvalue start with 100 cache 1;
create sequence s3 as bigint;

-- name: sequence/options (a)
-- description: sequence options change: increment, min, max, start, cache, cycle, type
create sequence s1;
create sequence s2 increment by 2 minvalue 10 maxvalue 1000 start with 10 cache 1 no cycle;
create sequence s3 as integer;

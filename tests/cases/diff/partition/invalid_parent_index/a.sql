-- name: partition/invalid_parent_index (a)
-- description: partitioned indexes left invalid (created ON ONLY the parent, attached on no partition or on some) become valid ones on every partition, and back: the plan builds them again rather than keep an invalid index, and attaches the partitions' own indexes by name
create table measures (id integer not null, region text not null, value numeric) partition by list (region);
create table measures_north partition of measures for values in ('north');
create table measures_south partition of measures for values in ('south');
create index measures_region_idx on only measures (region);
create index measures_value_idx on only measures (value);
create index measures_north_value on measures_north (value);
alter index measures_value_idx attach partition measures_north_value;

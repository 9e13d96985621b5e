-- name: type/composite (b)
-- description: a composite type gains and loses attributes, another is created
create type addr as (street text, zip varchar(10), city text);
create type point3 as (x float8, y float8, z float8);
create table places (id int, a addr, p point3);

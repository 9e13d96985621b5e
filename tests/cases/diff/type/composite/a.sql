-- name: type/composite (a)
-- description: a composite type gains and loses attributes, another is created
create type addr as (street text, zip varchar(5));

-- name: constraint/exclusion (a)
-- description: an exclusion constraint on a range column
create table booking (room int, during tsrange);

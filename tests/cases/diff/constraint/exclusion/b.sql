-- name: constraint/exclusion (b)
-- description: an exclusion constraint on a range column
create table booking (room int, during tsrange, exclude using gist (during with &&));

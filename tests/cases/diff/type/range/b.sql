-- name: type/range (b)
-- description: a range type with a subtype diff function, and a multirange in use
create type floatrange as range (subtype = float8, subtype_diff = float8mi);
create table t (id int, r floatrange, m floatmultirange);

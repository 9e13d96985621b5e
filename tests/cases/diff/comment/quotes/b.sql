-- name: comment/quotes (b)
-- description: a comment with quotes, backslashes and newlines
create table t (id int);
comment on table t is 'it''s a "table" with a \ backslash
and a second line';

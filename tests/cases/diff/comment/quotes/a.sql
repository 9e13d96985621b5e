-- name: comment/quotes (a)
-- description: a comment with quotes, backslashes and newlines
create table t (id int);

-- name: sequence/add_drop (a)
-- description: a sequence is created and another dropped
create sequence old_seq;

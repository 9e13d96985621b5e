-- name: sequence/add_drop (b)
-- description: a sequence is created and another dropped
create sequence new_seq start 5;

-- name: identity/serial_to_identity_with_rows
-- description: a serial column with rows becomes an identity column whose sequence takes the serial sequence's name: the old sequence is dropped first, and the new one continues after the rows
create table tickets (id serial primary key, title text);
insert into tickets (title) values ('a'), ('b');

-- name: identity/identity_to_serial_with_rows (b)
-- description: identity columns with rows become serial columns (a sequence owned by the column, used by its default): the new sequence takes the identity sequence's name once the identity is dropped, and continues after the rows there are (also for a descending one)
create table invoices (id bigserial primary key, note text);
create sequence countdown_n_seq as integer start with 1000 increment by -1 maxvalue 1000;
create table countdown (n integer not null default nextval('countdown_n_seq'), label text);
alter sequence countdown_n_seq owned by countdown.n;

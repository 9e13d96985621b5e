-- name: type/composite_reordered_typed_table (a)
-- description: a composite type that a typed table (CREATE TABLE ... OF) uses has its attributes reordered and one inserted in the middle, which no ALTER TYPE does: the old table stops being typed, the type is replaced, and the table is rebuilt OF the new type with its rows copied
create type contact as (name text, phone text, city text);
create table contacts of contact (name not null, primary key (name));
insert into contacts values ('ada', '555', 'london'), ('alan', '556', 'manchester');

-- name: domain/constraints (a)
-- description: domain constraints added, dropped and changed; default and NOT NULL
create domain email as text check (value like '%@%');
create domain qty as int default 0;
create domain code as varchar(10) constraint code_upper check (value = upper(value));

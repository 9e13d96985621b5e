-- name: domain/constraints (b)
-- description: domain constraints added, dropped and changed; default and NOT NULL
create domain email as text not null constraint email_at check (value like '%@%' and length(value) > 3);
create domain qty as int default 1 not null check (value >= 0);
create domain code as varchar(10);

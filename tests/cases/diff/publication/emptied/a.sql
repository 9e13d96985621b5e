-- name: publication/emptied (a)
-- description: a publication loses every table, one of them dropped with it; an empty publication gains tables
create table keep (id int primary key);
create table gone (id int primary key);
create publication feed for table keep, gone;
create publication later;

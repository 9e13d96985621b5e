-- name: publication/emptied (b)
-- description: a publication loses every table, one of them dropped with it; an empty publication gains tables
create table keep (id int primary key);
create publication feed;
create publication later for table keep;

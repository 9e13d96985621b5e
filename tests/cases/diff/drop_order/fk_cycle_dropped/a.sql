-- name: drop_order/fk_cycle_dropped (a)
-- description: two dropped tables whose foreign keys reference each other
create table a (id int primary key, b_id int);
create table b (id int primary key, a_id int references a (id));
alter table a add constraint a_b_fk foreign key (b_id) references b (id);
create table keep (id int);

-- name: drop_order/partitioned_with_partitions (a)
-- description: a partitioned table, its partitions, a partitioned index and a foreign key to it all go away
create table a_measure (id int, at date not null, primary key (id, at)) partition by range (at);
create table a_measure_2025 partition of a_measure for values from ('2025-01-01') to ('2026-01-01');
create table a_measure_2026 partition of a_measure for values from ('2026-01-01') to ('2027-01-01');
create index a_measure_at on a_measure (at);
create table b_ref (id int, m_id int, m_at date, foreign key (m_id, m_at) references a_measure (id, at));
create table keep (id int);

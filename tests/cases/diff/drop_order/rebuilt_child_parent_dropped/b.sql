-- name: drop_order/rebuilt_child_parent_dropped (b)
-- description: a child with rows moves from a parent that goes away (its serial default uses the parent's owned sequence) to another parent, so it is rebuilt; the old child must stop inheriting before the parent is dropped
create table stamp_base (stamped date);
create table events (kind text not null, payload jsonb) inherits (stamp_base);

-- name: foreign/options_order (b)
-- description: option lists reordered, replaced and extended keep the target's order
create foreign data wrapper w;
create server s1 foreign data wrapper w options (c '3', a '1', d '4');
create server s2 foreign data wrapper w options (a '1', b 'two', e '5');
create user mapping for current_user server s1 options (x 'new', y 'added');

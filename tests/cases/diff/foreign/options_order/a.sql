-- name: foreign/options_order (a)
-- description: option lists reordered, replaced and extended keep the target's order
create foreign data wrapper w;
create server s1 foreign data wrapper w options (a '1', b '2', c '3');
create server s2 foreign data wrapper w options (a '1', b '2');
create user mapping for current_user server s1 options (x 'old');

UPDATE auth.providers SET client_id = 'branch' WHERE name = 'p05';

UPDATE auth.providers SET client_id = 'parent' WHERE name = 'p05';

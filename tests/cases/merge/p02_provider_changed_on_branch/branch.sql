UPDATE auth.providers SET client_id = 'new' WHERE name = 'p02';

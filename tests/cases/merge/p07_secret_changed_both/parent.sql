UPDATE auth.providers SET client_secret = 'parent-s07' WHERE name = 'p07';

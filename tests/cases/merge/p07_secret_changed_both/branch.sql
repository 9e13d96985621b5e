UPDATE auth.providers SET client_secret = 'branch-s07' WHERE name = 'p07';

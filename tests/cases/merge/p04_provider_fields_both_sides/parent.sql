UPDATE auth.providers SET scopes = '{email,profile}' WHERE name = 'p04';

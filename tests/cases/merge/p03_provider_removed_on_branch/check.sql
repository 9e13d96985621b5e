SELECT NOT EXISTS (SELECT 1 FROM auth.providers WHERE name = 'bitbucket')

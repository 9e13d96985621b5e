SELECT client_id = 'cid' AND scopes = '{email}' FROM auth.providers WHERE name = 'g05'
SELECT NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b')

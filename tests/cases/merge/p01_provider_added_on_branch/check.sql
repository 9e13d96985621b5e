SELECT client_id = 'cid' FROM auth.providers WHERE name = 'gitlab'

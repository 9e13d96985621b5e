SELECT client_id = 'new' FROM auth.providers WHERE name = 'p02'

SELECT client_secret = 's3cr3t-p06' FROM auth.providers WHERE name = 'discord'

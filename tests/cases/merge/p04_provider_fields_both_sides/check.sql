SELECT redirect_url = 'https://b.example/cb' AND scopes = '{email,profile}' FROM auth.providers WHERE name = 'p04'

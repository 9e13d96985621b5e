UPDATE auth.providers SET redirect_url = 'https://b.example/cb' WHERE name = 'p04';

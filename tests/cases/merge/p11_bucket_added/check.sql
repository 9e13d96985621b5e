SELECT EXISTS (SELECT 1 FROM storage.buckets WHERE name = 'p11bucket')

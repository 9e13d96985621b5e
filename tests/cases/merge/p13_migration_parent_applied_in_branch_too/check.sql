SELECT count(*) = 1 FROM system.migrations WHERE version = '20260303'

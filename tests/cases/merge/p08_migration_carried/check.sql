SELECT EXISTS (SELECT 1 FROM system.migrations WHERE version = '20260101')

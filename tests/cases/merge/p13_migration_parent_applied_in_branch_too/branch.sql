INSERT INTO system.migrations (version, name, checksum, statements, statement_count) VALUES ('20260303', 'both', 'ccc', 'SELECT 3', 1);

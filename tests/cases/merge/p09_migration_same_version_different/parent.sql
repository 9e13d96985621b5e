INSERT INTO system.migrations (version, name, checksum, statements, statement_count) VALUES ('20260202', 'p', 'aaa', 'SELECT 1', 1);

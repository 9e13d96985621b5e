INSERT INTO system.migrations (version, name, checksum, statements, statement_count) VALUES ('20260202', 'b', 'bbb', 'SELECT 2', 1);

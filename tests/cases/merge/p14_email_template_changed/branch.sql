INSERT INTO email.templates (type, subject, body) VALUES ('p14', 'hi', 'body') ON CONFLICT (type) DO UPDATE SET subject = 'hi';

SELECT subject = 'hi' FROM email.templates WHERE type = 'p14'

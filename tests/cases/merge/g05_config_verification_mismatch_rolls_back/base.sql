CREATE TABLE public.t (id int PRIMARY KEY, name text, n int DEFAULT 0);
INSERT INTO public.t SELECT g, 'n' || g, g FROM generate_series(1, 20) g;
INSERT INTO auth.providers (name, client_id, client_secret, scopes) VALUES ('g05', 'cid', 'sec-g05', '{email}');

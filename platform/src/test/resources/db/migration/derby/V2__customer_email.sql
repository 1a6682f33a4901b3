ALTER TABLE customer ADD COLUMN email VARCHAR(254);
UPDATE customer SET email = LOWER(name) || '@example.com';

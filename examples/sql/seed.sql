-- Sample bank (examples/data/*.csv, written by `fb-gen --write-tables examples/data`).
-- Run from the repository root: psql "$DATABASE_URL" -f examples/sql/seed.sql
\copy agencias FROM 'examples/data/agencias.csv' WITH (FORMAT csv, HEADER true)
\copy clientes FROM 'examples/data/clientes.csv' WITH (FORMAT csv, HEADER true)

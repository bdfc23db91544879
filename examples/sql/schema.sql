-- Tables fb-enrich joins (and fb-gen --pg reads customers from), as ../shared/data/README.md
-- describes them. Load with:  psql "$DATABASE_URL" -f examples/sql/schema.sql
-- then the sample data:       psql "$DATABASE_URL" -f examples/sql/seed.sql   (from the repo root)
CREATE TABLE IF NOT EXISTS agencias (
    agencia_id      integer PRIMARY KEY,
    nome_da_agencia text NOT NULL,
    cidade          text,
    estado          char(2),
    latitude        double precision,
    longitude       double precision
);

CREATE TABLE IF NOT EXISTS clientes (
    CustomerID integer PRIMARY KEY,
    nome       text,
    segmento   text,
    cidade     text,
    estado     char(2),
    agencia_id integer REFERENCES agencias
);

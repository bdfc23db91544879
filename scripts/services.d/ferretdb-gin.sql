-- FerretDB 1.24 (PostgreSQL backend) pushes a filter such as {InvoiceNo: 7} down as
--   _jsonb -> 'InvoiceNo' @> '7'
-- but builds the index a client asks for as a btree on (_jsonb -> 'InvoiceNo'), which cannot serve
-- @>: every upsert by key then scans the whole collection (time grows with N squared). This event
-- trigger adds a GIN index on the same expression whenever FerretDB creates a single-field btree
-- index (not _id), so that the pushed-down filter finds the row through an index, as MongoDB does.
-- It only changes speed, never results. Loaded by `scripts/services start mongo` into the database
-- ferretdb; idempotent.
CREATE OR REPLACE FUNCTION fbkit_ferretdb_gin() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    cmd record;
    expr text;
    method text;
    tbl regclass;
    idx_name text;
BEGIN
    FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
        SELECT pg_get_expr(i.indexprs, i.indrelid), am.amname, i.indrelid::regclass, c.relname
          INTO expr, method, tbl, idx_name
          FROM pg_index i
          JOIN pg_class c ON c.oid = i.indexrelid
          JOIN pg_am am ON am.oid = c.relam
         WHERE i.indexrelid = cmd.objid AND i.indnatts = 1;
        CONTINUE WHEN method IS DISTINCT FROM 'btree'
                   OR expr !~ '^\(?_jsonb -> ''[^'']+''::text\)?$'
                   OR expr ~ '''_id''' OR tbl::text ~ '_ferretdb_';
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s)',
                       left(idx_name, 58) || '_fbgin', tbl, expr);
    END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS fbkit_ferretdb_gin;
CREATE EVENT TRIGGER fbkit_ferretdb_gin ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
    EXECUTE FUNCTION fbkit_ferretdb_gin();

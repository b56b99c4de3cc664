-- SPDX-License-Identifier: EUPL-1.2
-- The audit trail's capture on PostgreSQL: what SQLite's pre-update hook does
-- for lib/store_state.cpp (the design notes are in lib/store_state.h). `ifg
-- init` loads this after compat.sql and schema.sql and puts a trigger on every
-- state table (StateLog::create_capture), its primary key's columns as the
-- arguments:
--   CREATE TRIGGER ifg_capture AFTER INSERT OR UPDATE OR DELETE ON meetings
--     FOR EACH ROW EXECUTE FUNCTION ifg.capture_row('case_id', 'number');
--   ALTER TABLE meetings ENABLE ALWAYS TRIGGER ifg_capture;
-- (ALWAYS: ifg's own session notes its rows even as a replica's would not.)
--
-- Design notes
-- * The trigger notes only the table and the row's key, the old key and the
--   new one of an update, as the hook does: the image is read when the audit
--   entry is appended, so it is the row as the change left it.
-- * It notes them in pg_temp.ifg_captured, the session's own table, which ifg
--   creates when it opens the database (StateLog::start; any role with the
--   TEMP privilege may): a professional's role needs no DDL right, sessions
--   never see nor lock each other's rows, and the rows go with the
--   transaction (ON COMMIT DELETE ROWS; a rollback takes them back).
--     CREATE TEMP TABLE ifg_captured(seq bigint GENERATED ALWAYS AS IDENTITY,
--       tbl text NOT NULL, key text NOT NULL, PRIMARY KEY (tbl, key))
--       ON COMMIT DELETE ROWS;
--   A row noted twice keeps its first place, as in the hook's list.
-- * A session without that table (psql, another program) writes and nothing
--   is noted: `audit verify --state` then names the rows it changed.
-- * The key is the JSON text SQLite's json_array() writes of the key's
--   columns (["ANT-2026-0001",1]), so the trail's facts are the same text on
--   both engines: row_to_json() writes a string and an integer as SQLite's
--   JSON functions do.
-- * The function runs with the rights of the role that writes (SECURITY
--   INVOKER), and names what it calls with its schema.
-- * The file is re-run safely (CREATE OR REPLACE).

-- The trigger: notes the row's table and key in the session's table, if any:
-- the old row's (pass 1) unless it is an insert, the new row's (pass 2) unless
-- it is a delete. The key is built in PL/pgSQL's own expressions, which cost
-- far less than a call of an SQL function per row of a batch.
CREATE OR REPLACE FUNCTION ifg.capture_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  pass integer;
  r json;
  k text;
  c text;
BEGIN
  IF pg_catalog.to_regclass('pg_temp.ifg_captured') IS NULL THEN
    RETURN NULL;
  END IF;
  FOR pass IN 1 .. 2 LOOP
    CONTINUE WHEN (pass = 1 AND TG_OP = 'INSERT') OR (pass = 2 AND TG_OP = 'DELETE');
    IF pass = 1 THEN
      r := pg_catalog.row_to_json(OLD);
    ELSE
      r := pg_catalog.row_to_json(NEW);
    END IF;
    k := NULL;
    FOREACH c IN ARRAY TG_ARGV LOOP
      k := coalesce(k || ',', '[') || pg_catalog.json_object_field(r, c)::text;
    END LOOP;
    INSERT INTO pg_temp.ifg_captured(tbl, key) VALUES (TG_TABLE_NAME, k || ']')
      ON CONFLICT DO NOTHING;
  END LOOP;
  RETURN NULL;
END $$;

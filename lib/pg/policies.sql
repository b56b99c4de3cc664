-- SPDX-License-Identifier: EUPL-1.2
-- Need-to-know in the database (issue 17, point 3): row-level security on the
-- case tables, so that a professional who logs in with psql, as their own
-- role, reads no case that ifg would not show them. `ifg init` and `ifg
-- migrate` load this after schema.sql and capture.sql, as the tables' owner.
--
-- Design notes
-- * The policies mirror lib/access.cpp's read grants (kReadGrants): a case is
--   seen by a coordinator whose partner serves its region, by its director,
--   and by a director or member whose partner is involved in it, stored
--   (involvement) or by the referral (its referrer, channel or crisis
--   partner, as Store::involved() derives them). ifg also lets the one who
--   registered a case screen and update it, and the holder of an action
--   change it: they see the case's rows too, as ifg must read them to check
--   those rules. An analyst sees no case row: their reports are aggregates,
--   computed by the functions below that return only those.
-- * Every table that belongs to a case sees a row when it sees the row's case
--   (a subquery on cases, which cases' own policy filters); persons, when
--   they see a case that names the person.
-- * The acting professional is session_user, the role that logged in: a
--   member of <db>_professionals who runs SET ROLE stays who they are.
-- * The tables' owner (the administrator who ran `ifg init`) is not subject
--   to the policies (no FORCE ROW LEVEL SECURITY), nor is a superuser: they
--   manage the database. docs/deployment.md tells to give that login to no one
--   who works on cases.
-- * The functions the policies call are SECURITY DEFINER, so that they read
--   professionals, partners and involvement without the policies (no
--   recursion), with a fixed search_path, pg_temp last (a caller's temporary
--   table cannot stand in for one of ifg's). They are created in the tables'
--   schema, by the DO block that knows its name.
-- * Writes: a professional may change the rows of a case they see, insert a
--   case in a region their partner serves (as a coordinator, director or
--   member), and append audit entries only under their own name. The finer
--   rules (who may decide, plan, close) are ifg's; a write made around ifg
--   has no audit entry, and `ifg audit verify --state` names its rows.

DO $policies$
DECLARE
  here text := pg_catalog.quote_ident(pg_catalog.current_schema());
  -- pg_catalog first, implicitly, as in ifg's session; pg_temp last
  path text := pg_catalog.format('SET search_path = %s, ifg, pg_temp', here);
BEGIN
  -- Who logged in, as a professional: their id, partner, partner's kind and
  -- regions, and which grants their roles can give. No row for a role that is
  -- no active professional (the administrator, a stranger): every policy
  -- below is then false.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_login(
      OUT id text, OUT partner text, OUT kind text, OUT regions text[],
      OUT coordinates boolean, OUT directs boolean, OUT team boolean, OUT case_role boolean,
      OUT analyses boolean)
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT p.id, p.partner_id, a.kind,
             ARRAY(SELECT r.region FROM partner_regions r WHERE r.partner_id = p.partner_id),
             ',' || p.roles || ',' LIKE '%%,coordinator,%%',
             ',' || p.roles || ',' LIKE '%%,director,%%',
             ',' || p.roles || ',' ~ ',(director|member),',
             ',' || p.roles || ',' ~ ',(coordinator|director|member),',
             ',' || p.roles || ',' LIKE '%%,analyst,%%'
      FROM professionals p JOIN partners a ON a.id = p.partner_id
      WHERE p.id = session_user AND p.active = 1
    $$$f$, path);
  -- The regions whose statistics the login may read: a coordinator's or an
  -- analyst's (kReportRegion), whose queries store_queries.h makes functions.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_report_regions() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT coalesce((SELECT l.regions FROM ifg_login() l WHERE l.coordinates OR l.analyses),
                      '{}')
    $$$f$, path);
  -- Whether the login may match the person (a coordinator, or a coordinator,
  -- director or member of the person's region), as Store::person_for does.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_may_match_person(person bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT EXISTS (SELECT 1 FROM persons p, ifg_login() l WHERE p.id = $1
                       AND (l.coordinates OR (l.case_role AND p.region = ANY (l.regions))))
    $$$f$, path);
  -- The cases the login is linked to by a row of another table: their
  -- partner's stored involvement (a director or member) and the actions they
  -- hold.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_linked_cases() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT ARRAY(
        SELECT i.case_id FROM involvement i, ifg_login() l
        WHERE l.team AND i.partner_id = l.partner
        UNION
        SELECT a.case_id FROM actions a, ifg_login() l
        WHERE l.case_role AND a.professional_id = l.id)
    $$$f$, path);
  -- The trail's last entry, which every write chains onto, and its length
  -- (entries, and the records of batch chunks): the same for all, whatever
  -- entries they may read.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_chain_tail(OUT id bigint, OUT hash text, OUT at text)
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT e.id, e.hash, e.at FROM events e ORDER BY e.id DESC LIMIT 1
    $$$f$, path);
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_chain_head(OUT entries bigint, OUT hash text, OUT records bigint)
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT count(*), (SELECT e.hash FROM events e ORDER BY e.id DESC LIMIT 1),
             (SELECT count(*) FROM batch_events)
      FROM events
    $$$f$, path);
  -- Persons are matched across the cases of a region (Store::person_for):
  -- the match and a new person go through these, which answer only an id,
  -- and only for a region the login's partner serves as a coordinator,
  -- director or member; persons' rows are read through the cases that name
  -- them.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_known_person(region text, key text, birth_year bigint) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT coalesce(p.same_as, p.id) FROM persons p, ifg_login() l
      WHERE (l.coordinates OR (l.case_role AND $1 = ANY (l.regions)))
        AND p.region = $1 AND p.name_key = $2 AND p.birth_year = $3
      ORDER BY p.id LIMIT 1
    $$$f$, path);
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_new_person(region text, key text, birth_year bigint) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER %s AS $$
    DECLARE
      made bigint;
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM ifg_login() l
                     WHERE l.coordinates OR (l.case_role AND $1 = ANY (l.regions))) THEN
        RAISE EXCEPTION 'new row violates row-level security policy for table "persons"'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      INSERT INTO persons(region, name_key, birth_year, salt)
        VALUES ($1, $2, $3, ifg.randomblob(16)) RETURNING id INTO made;
      RETURN made;
    END $$$f$, path);
  -- The case that holds an external reference in a region (a duplicate is
  -- refused, Store::case_by_ref), for those who may register or batch there.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_case_by_ref(region text, ref text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT c.id FROM cases c, ifg_login() l
      WHERE (l.coordinates OR (l.case_role AND $1 = ANY (l.regions)))
        AND c.region = $1 AND c.external_ref = $2
    $$$f$, path);
  -- Whether a case exists, to put a refusal about it on its trail (a case id
  -- tells no more: the ids of a region are numbered one after another).
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_case_exists(id text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = $1)
    $$$f$, path);
  -- The regions of a batch chunk's records, all of them: `audit show` shows a
  -- coordinator the chunk's entry when they coordinate every one.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_chunk_regions(chunk bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT ifg.group_concat(DISTINCT r.region)
      FROM batch_events b JOIN cases r ON r.id = b.case_id WHERE b.chunk = $1
    $$$f$, path);
END $policies$;

-- The policies. A case the login sees (kReadGrants, the registrant, a holder);
-- each (SELECT ...) is an InitPlan, evaluated once per query, not per row.
DO $policies$
DECLARE
  sees text := $e$(
       region = ANY ((SELECT CASE WHEN l.coordinates THEN l.regions END FROM ifg_login() l)::text[])
    OR director = (SELECT l.id FROM ifg_login() l WHERE l.directs)
    OR created_by = (SELECT l.id FROM ifg_login() l WHERE l.case_role)
    OR referrer_partner = (SELECT l.partner FROM ifg_login() l WHERE l.team)
    OR ((channel = (SELECT l.kind FROM ifg_login() l WHERE l.team)
         OR crisis_partner = (SELECT l.kind FROM ifg_login() l WHERE l.team))
        AND region = ANY ((SELECT l.regions FROM ifg_login() l)::text[]))
    OR id = ANY ((SELECT ifg_linked_cases())::text[]))$e$;
  of_case text := '(EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))';
  coordinated text := '(SELECT CASE WHEN l.coordinates THEN l.regions END FROM ifg_login() l)::text[]';
  served text := '(SELECT CASE WHEN l.case_role THEN l.regions END FROM ifg_login() l)::text[]';
  coordinator text := '((SELECT l.coordinates FROM ifg_login() l))';
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cases', 'events', 'batch_events', 'decisions', 'meetings',
      'meeting_attendees', 'actions', 'action_changes', 'director_terms', 'involvement',
      'monitoring', 'reopenings', 'persons', 'case_persons', 'person_facts', 'assessments',
      'person_decisions', 'case_counters', 'regions', 'partners', 'partner_regions',
      'professionals', 'settings', 'rulesets'] LOOP
    EXECUTE pg_catalog.format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
  END LOOP;
  EXECUTE 'CREATE POLICY ifg_read ON cases FOR SELECT USING ' || sees;
  -- The same, of one case, for the functions that read past the policies.
  EXECUTE pg_catalog.format('CREATE FUNCTION ifg_sees_case(case_id text) RETURNS boolean '
      'LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %s, ifg, pg_temp AS '
      '$$ SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1 AND %s) $$',
      pg_catalog.quote_ident(pg_catalog.current_schema()), sees);
  EXECUTE 'CREATE POLICY ifg_change ON cases FOR UPDATE USING ' || sees;
  EXECUTE 'CREATE POLICY ifg_remove ON cases FOR DELETE USING ' || sees;
  EXECUTE 'CREATE POLICY ifg_register ON cases FOR INSERT WITH CHECK (region = ANY ('
          || served || ') OR ' || coordinator || ')';
  FOREACH t IN ARRAY ARRAY['batch_events', 'decisions', 'meetings', 'meeting_attendees',
      'actions', 'action_changes', 'director_terms', 'involvement', 'monitoring', 'reopenings',
      'case_persons', 'person_facts', 'assessments'] LOOP
    EXECUTE pg_catalog.format('CREATE POLICY ifg_case ON %I USING %s', t, of_case);
  END LOOP;
  -- The trail: the entries of the cases one sees, and of no case one's own
  -- and (a coordinator) all; appended only under one's own name.
  EXECUTE 'CREATE POLICY ifg_read ON events FOR SELECT USING (' || of_case
          || ' OR (case_id IS NULL AND (actor = session_user OR ' || coordinator || ')))';
  EXECUTE 'CREATE POLICY ifg_purge ON events FOR UPDATE USING ' || of_case;
  CREATE POLICY ifg_append ON events FOR INSERT WITH CHECK (actor = session_user);
  -- Persons: through the cases that name them; linked by a coordinator.
  CREATE POLICY ifg_read ON persons FOR SELECT
    USING (EXISTS (SELECT 1 FROM case_persons cp WHERE cp.person_id = id));
  EXECUTE 'CREATE POLICY ifg_change ON persons FOR UPDATE USING (region = ANY ('
          || coordinated || ') OR EXISTS (SELECT 1 FROM case_persons cp WHERE cp.person_id = id))';
  EXECUTE 'CREATE POLICY ifg_remove ON persons FOR DELETE USING (region = ANY ('
          || coordinated || '))';
  EXECUTE 'CREATE POLICY ifg_region ON person_decisions USING (region = ANY ('
          || coordinated || '))';
  EXECUTE 'CREATE POLICY ifg_region ON case_counters USING (region = ANY (' || served
          || ') OR ' || coordinator || ')';
  -- The configuration: read by all, changed by a coordinator (ifg init).
  FOREACH t IN ARRAY ARRAY['regions', 'partners', 'partner_regions', 'professionals',
      'settings'] LOOP
    EXECUTE pg_catalog.format('CREATE POLICY ifg_read ON %I FOR SELECT USING (true)', t);
    EXECUTE pg_catalog.format('CREATE POLICY ifg_configure ON %I USING %s', t, coordinator);
  END LOOP;
  CREATE POLICY ifg_read ON rulesets FOR SELECT USING (true);
  CREATE POLICY ifg_add ON rulesets FOR INSERT WITH CHECK (true);
END $policies$;

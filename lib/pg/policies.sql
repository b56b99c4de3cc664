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
--   registered a case screen and update it until it is decided, and the
--   holder of an action change it: they see the case's rows too, as ifg must
--   read them to check those rules. An analyst sees no case row: their
--   region report is ifg_region_report of lib/store_queries.h, which counts
--   and hides the small numbers in the database (docs/deployment.md).
-- * Every table that belongs to a case sees a row when it sees the row's case
--   (a subquery on cases, which cases' own policy filters). Persons (names,
--   case-folded) are a coordinator's of their region; the trail's facts the
--   owner's (store_roles.cpp grants the columns).
-- * No function here or in store_queries.h writes: one that wrote as the
--   owner would fire the capture trigger in the caller's session, among the
--   caller's temporary objects.
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
--   member; a coordinator in any, for a transfer), and append audit entries
--   only under their own name, to cases they see. The finer
--   rules (who may decide, plan, close) are ifg's; a write made around ifg
--   has no audit entry, and `ifg audit verify --state` names its rows.

DO $policies$
DECLARE
  here text := pg_catalog.quote_ident(pg_catalog.current_schema());
  -- pg_catalog first (implicitly), then ifg's functions, then the tables;
  -- pg_temp last
  path text := pg_catalog.format('SET search_path = ifg, %s, pg_temp', here);
  owner oid := (SELECT c.relowner FROM pg_catalog.pg_class c
                WHERE c.oid = pg_catalog.to_regclass('cases'));
  s name;
BEGIN
  -- A function of the owner must find none of a professional's objects: no
  -- one but the owner may create in the tables' schema (PostgreSQL 15 gives
  -- PUBLIC no CREATE on public; a cluster upgraded from an older one does),
  -- nor in `ifg`, which the functions' search_path reads first.
  FOR s IN SELECT n.nspname FROM pg_catalog.pg_namespace n
           WHERE n.nspname IN (pg_catalog.current_schema(), 'ifg') AND EXISTS (
             SELECT 1 FROM pg_catalog.aclexplode(coalesce(n.nspacl,
                             pg_catalog.acldefault('n', n.nspowner))) a
             WHERE a.privilege_type = 'CREATE' AND a.grantee <> owner
               AND a.grantee <> n.nspowner AND NOT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r
                                 WHERE r.oid = a.grantee), false))
           OR n.nspname = 'ifg' AND n.nspowner <> owner
               AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = n.nspowner)
  LOOP
    RAISE EXCEPTION 'others may create objects in schema %, whose objects ifg uses: '
                    'REVOKE CREATE ON SCHEMA % FROM PUBLIC first, and give it to the owner '
                    'of ifg''s tables', pg_catalog.quote_ident(s), pg_catalog.quote_ident(s)
      USING ERRCODE = 'insufficient_privilege';
  END LOOP;
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
  -- Whether the login may match the person: a coordinator, director or
  -- member of the person's region.
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_may_match_person(person bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT EXISTS (SELECT 1 FROM persons p, ifg_login() l WHERE p.id = $1
                       AND l.case_role AND p.region = ANY (l.regions))
    $$$f$, path);
  -- Whether no case names the person any more: ifg then forgets them (a
  -- person removed from their one case, Store::forget_if_unnamed).
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_person_unnamed(person bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT NOT EXISTS (SELECT 1 FROM case_persons cp WHERE cp.person_id = $1)
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
  -- the match goes through this, which answers only an id, and only for a
  -- region the login's partner serves as a coordinator, director or member.
  -- A new person is the login's own insert (no function here writes: a
  -- write as the owner would fire triggers in the caller's session).
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION ifg_known_person(region text, key text, birth_year bigint) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER %s AS $$
      SELECT coalesce(p.same_as, p.id) FROM persons p, ifg_login() l
      WHERE (l.coordinates OR (l.case_role AND $1 = ANY (l.regions)))
        AND p.region = $1 AND p.name_key = $2 AND p.birth_year = $3
      ORDER BY p.id LIMIT 1
    $$$f$, path);
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
    OR (created_by = (SELECT l.id FROM ifg_login() l WHERE l.case_role)
        AND status IN ('registered', 'screened'))
    OR referrer_partner = (SELECT l.partner FROM ifg_login() l WHERE l.team)
    OR ((channel = (SELECT l.kind FROM ifg_login() l WHERE l.team)
         OR crisis_partner = (SELECT l.kind FROM ifg_login() l WHERE l.team))
        AND region = ANY ((SELECT l.regions FROM ifg_login() l)::text[]))
    OR id = ANY ((SELECT ifg_linked_cases())::text[]))$e$;
  of_case text := '(EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))';
  coordinated text := '(SELECT CASE WHEN l.coordinates THEN l.regions END FROM ifg_login() l)::text[]';
  served text := '(SELECT CASE WHEN l.case_role THEN l.regions END FROM ifg_login() l)::text[]';
  coordinator text := '((SELECT l.coordinates FROM ifg_login() l))';
  -- A case-less entry is a coordinator's as `audit show` shows it them
  -- (store_audit.cpp, shown()): a batch's when they coordinate the regions of
  -- all its records, one that names a case in its details when that case's
  -- region is theirs, one that names none (a configuration load) always.
  theirs text := $e$(CASE
      WHEN action = 'batch' AND ifg_chunk_regions(id) IS NOT NULL
        THEN pg_catalog.string_to_array(ifg_chunk_regions(id), ',') <@ ((SELECT CASE WHEN
             l.coordinates THEN l.regions END FROM ifg_login() l)::text[])
      WHEN ifg.json_valid(details) AND ifg.json_extract(details, '$.case') IS NOT NULL
        THEN pg_catalog.split_part(ifg.json_extract(details, '$.case')::text, '-', 1) = ANY ((
             SELECT CASE WHEN l.coordinates THEN l.regions END FROM ifg_login() l)::text[])
      ELSE true END)$e$;
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
      'LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ifg, %s, pg_temp AS '
      '$$ SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1 AND %s) $$',
      pg_catalog.quote_ident(pg_catalog.current_schema()), sees);
  -- A case id as a function may answer it: the id of a case the login sees,
  -- else a token of its own (the same for the same case within a query, as
  -- ifg counts such cases, never names them), which the case's secret salt
  -- keeps from being traced back to the id.
  EXECUTE pg_catalog.format('CREATE FUNCTION ifg_shown_case(case_id text) RETURNS text '
      'LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ifg, %s, pg_temp AS '
      '$$ SELECT CASE WHEN ifg_sees_case($1) THEN $1 ELSE ''~'' || md5($1 || coalesce('
      '(SELECT encode(c.salt, ''hex'') FROM cases c WHERE c.id = $1), '''')) END $$',
      pg_catalog.quote_ident(pg_catalog.current_schema()));
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
  -- and (a coordinator) all, and a batch's entry, which registered the cases
  -- of its records, to who sees one of them; appended only under one's own
  -- name, to the cases one sees (a refusal to any).
  -- (The batch's entry to who sees a record of it comes before `theirs`: OR
  -- stops at the first truth, and `theirs` reads every record of the chunk.)
  EXECUTE 'CREATE POLICY ifg_read ON events FOR SELECT USING (' || of_case
          || ' OR (case_id IS NULL AND action = ''batch'' AND EXISTS (SELECT 1 FROM batch_events b '
          || 'WHERE b.chunk = id)) '
          || 'OR (case_id IS NULL AND (actor = session_user OR (' || coordinator || ' AND '
          || theirs || '))))';
  EXECUTE 'CREATE POLICY ifg_purge ON events FOR UPDATE USING (' || of_case
          || ' OR (case_id IS NULL AND action = ''batch'' AND ' || coordinator || ' AND '
          || theirs || '))';
  EXECUTE 'CREATE POLICY ifg_append ON events FOR INSERT WITH CHECK (actor = session_user AND '
          || '(case_id IS NULL OR kind = ''denied'' OR ' || of_case || '))';
  -- Persons (the matching index: a case-folded name and a birth year): read
  -- by a coordinator of their region, who links and forgets them; added in
  -- a region one serves, and forgotten there once no case names them (nor,
  -- for an alias, its person). A director or member matches them only
  -- through the functions above: a link they insert into a case of their
  -- own to any person id shows them nothing. The rows one's own transaction
  -- wrote are read back by it: the audit entry that ends a write holds the
  -- images of the rows it changed (lib/store_state.h).
  EXECUTE 'CREATE POLICY ifg_read ON persons FOR SELECT USING (region = ANY ('
          || coordinated || ') OR (region = ANY (' || served
          || ') AND ifg_person_unnamed(coalesce(same_as, id))) '
          || 'OR xmin = pg_catalog.pg_current_xact_id_if_assigned()::xid)';
  EXECUTE 'CREATE POLICY ifg_add ON persons FOR INSERT WITH CHECK (region = ANY ('
          || served || ') OR ' || coordinator || ')';
  EXECUTE 'CREATE POLICY ifg_change ON persons FOR UPDATE USING (region = ANY ('
          || coordinated || '))';
  EXECUTE 'CREATE POLICY ifg_remove ON persons FOR DELETE USING (region = ANY ('
          || coordinated || ') OR (region = ANY (' || served
          || ') AND ifg_person_unnamed(coalesce(same_as, id))))';
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

-- The edit distance of text/text.cpp's edit_distance(), by code point: the
-- insertions, deletions and substitutions that make `a` into `b`, or lim + 1
-- when more than `lim` (a band of the table, as there).
CREATE FUNCTION ifg_edit_distance(a text, b text, lim integer) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  x text[] := pg_catalog.regexp_split_to_array(a, '');
  y text[] := pg_catalog.regexp_split_to_array(b, '');
  n integer := coalesce(pg_catalog.array_length(x, 1), 0);
  m integer := coalesce(pg_catalog.array_length(y, 1), 0);
  far integer := lim + 1;
  cur integer[];
  nxt integer[];
  best integer;
  i integer;
  j integer;
BEGIN
  IF abs(n - m) > lim THEN RETURN far; END IF;
  cur := pg_catalog.array_fill(far, ARRAY[m + 1], ARRAY[0]);
  FOR j IN 0 .. least(m, lim) LOOP cur[j] := j; END LOOP;
  FOR i IN 1 .. n LOOP
    nxt := pg_catalog.array_fill(far, ARRAY[m + 1], ARRAY[0]);
    IF i <= lim THEN nxt[0] := i; END IF;
    best := nxt[0];
    FOR j IN greatest(1, i - lim) .. least(m, i + lim) LOOP
      nxt[j] := least(cur[j - 1] + CASE WHEN x[i] = y[j] THEN 0 ELSE 1 END,
                      cur[j] + 1, nxt[j - 1] + 1, far);
      best := least(best, nxt[j]);
    END LOOP;
    IF best > lim THEN RETURN far; END IF;
    cur := nxt;
  END LOOP;
  RETURN cur[m];
END $$;

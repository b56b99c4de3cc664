-- SPDX-License-Identifier: EUPL-1.2
-- The SQLite functions of the store's SQL, for PostgreSQL 15 (issue 17; work in
-- progress, docs/postgresql-port.md). The store's statements are written for
-- SQLite; on PostgreSQL the same text runs (`?` rewritten to `$n`) against
-- these functions, which give SQLite 3.40's results, so that only the few
-- constructs listed in docs/postgresql-port.md need a spelling per engine.
--
-- Design notes
-- * Everything lives in the schema `ifg`, never in `public`: the names are
--   SQLite's (min, date, substr, json_each, the operators -> and ->>) and must
--   not surprise another program of the database, nor be shadowed by its
--   objects. A connection of ifg puts `ifg` on its search_path after the
--   schema of the tables (`SET search_path = public, ifg`). No function here
--   has the signature of a built-in one: pg_catalog is searched first, and
--   these only add what it lacks (min with two arguments, substr with bigint
--   positions, -> on text, + on text).
-- * Bodies name what they call with its schema (`ifg.`, pg_catalog is always
--   searched), so they work under any search_path, pg_dump's empty one too.
-- * Values are typed in PostgreSQL: a function that returns what SQLite
--   returns as "any type" (json_extract, json_each.value, ->>) returns text,
--   SQLite's value as CAST(... AS TEXT) would write it (an integer's digits,
--   true as 1, a real as SQLite prints it). Arithmetic on such a value needs
--   CAST(... AS INTEGER), which is the same in both engines.
-- * JSON text: SQLite writes JSON without white space ({"a":1,"b":"x"});
--   PostgreSQL's json_build_object writes {"a" : 1, "b" : "x"}, and jsonb
--   reorders keys. The audit trail hashes such text, so ifg.json_compact()
--   turns PostgreSQL's json into SQLite's exact bytes: both escape a string
--   the same way, and json keeps keys in order, duplicates and number tokens
--   as written.
-- * IMMUTABLE where the result depends on the arguments only: the indexes
--   events_activity and meetings_held (lib/pg/schema.sql) use json_extract,
--   iif, instr and substr. Changing one of those four means REINDEX of both
--   indexes in the same transaction, and a new ifg.compat_version().
-- * The file is re-run safely (CREATE OR REPLACE, or created when missing);
--   it never drops anything, since an index may depend on a function.
-- * Load it with `psql -v ON_ERROR_STOP=1 --single-transaction -f compat.sql`.
--
-- Not provided: ifg_name_key (Unicode case folding, utf8proc's, which
-- PostgreSQL 15 lacks), printf, strftime, datetime and time (the store does
-- not use them), `now` and the modifiers localtime, utc, unixepoch, auto,
-- julianday (they raise an error rather than differ from SQLite).

CREATE SCHEMA IF NOT EXISTS ifg;

-- The version of this file: a store checks it when it connects.
CREATE OR REPLACE FUNCTION ifg.compat_version() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 1 $$;

-- iif(c, a, b): b when c is false or NULL, as SQLite's.
CREATE OR REPLACE FUNCTION ifg.iif(c boolean, a anycompatible, b anycompatible)
RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN c THEN a ELSE b END $$;

-- instr(x, y): the 1-based character position of y in x, 0 when absent. A
-- bigint, as SQLite's integers are, so that substr(x, 1, instr(...) - 1)
-- resolves to ifg.substr below.
CREATE OR REPLACE FUNCTION ifg.instr(x text, y text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT pg_catalog.strpos(x, y)::bigint $$;

-- substr(x, start, length) with SQLite's meaning of a start of 0 or below and
-- of a negative length (the characters before start), where PostgreSQL's own
-- refuses a negative length. Chosen only when a position is a bigint (as
-- ifg.instr's is); with integer positions pg_catalog.substr, which agrees for
-- a start of 1 or more and a length of 0 or more, is chosen.
CREATE OR REPLACE FUNCTION ifg.substr(x text, p1 bigint, p2 bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  len bigint;
  neg boolean := false;
BEGIN
  IF x IS NULL OR p1 IS NULL OR p2 IS NULL THEN
    RETURN NULL;
  END IF;
  len := pg_catalog.length(x);
  IF p2 < 0 THEN
    neg := true;
    p2 := -p2;
  END IF;
  IF p1 < 0 THEN
    p1 := p1 + len;
    IF p1 < 0 THEN
      p2 := p2 + p1;
      IF p2 < 0 THEN
        p2 := 0;
      END IF;
      p1 := 0;
    END IF;
  ELSIF p1 > 0 THEN
    p1 := p1 - 1;
  ELSIF p2 > 0 THEN
    p2 := p2 - 1;
  END IF;
  IF neg THEN
    p1 := p1 - p2;
    IF p1 < 0 THEN
      p2 := p2 + p1;
      p1 := 0;
    END IF;
  END IF;
  IF p1 >= len OR p2 <= 0 THEN
    RETURN '';
  END IF;
  RETURN pg_catalog.substr(x, (p1 + 1)::integer, least(p2, len)::integer);
END $$;

CREATE OR REPLACE FUNCTION ifg.substr(x text, p1 bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.substr(x, p1, 2147483647::bigint)
$$;

-- Scalar min and max of two or three values: NULL when any is NULL (unlike
-- least and greatest, which skip NULLs). min(x) with one argument stays the
-- aggregate.
CREATE OR REPLACE FUNCTION ifg.min(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END
$$;
CREATE OR REPLACE FUNCTION ifg.max(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END
$$;
CREATE OR REPLACE FUNCTION ifg.min(a anycompatible, b anycompatible, c anycompatible)
RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE least(a, b, c) END
$$;
CREATE OR REPLACE FUNCTION ifg.max(a anycompatible, b anycompatible, c anycompatible)
RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL ELSE greatest(a, b, c) END
$$;

-- hex(x): upper-case hex of a blob, or of a text's UTF-8 bytes; '' for NULL.
CREATE OR REPLACE FUNCTION ifg.hex(x bytea) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(pg_catalog.upper(pg_catalog.encode(x, 'hex')), '')
$$;
CREATE OR REPLACE FUNCTION ifg.hex(x text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(pg_catalog.upper(pg_catalog.encode(pg_catalog.convert_to(x, 'UTF8'), 'hex')), '')
$$;

-- randomblob(n): n bytes (at least 1) from the server's strong random source:
-- the 13 random bytes of each version-4 UUID (bytes 0-5 and 9-15; the others
-- hold the version and variant bits). No extension (pgcrypto) is needed.
CREATE OR REPLACE FUNCTION ifg.randomblob(n bigint) RETURNS bytea
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT pg_catalog.substr(
           pg_catalog.string_agg(pg_catalog.substr(u.b, 1, 6) || pg_catalog.substr(u.b, 10, 7),
                                 ''::bytea ORDER BY u.i),
           1, greatest(n, 1)::integer)
  FROM (SELECT i, pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) AS b
        FROM pg_catalog.generate_series(1, (greatest(n, 1)::integer + 12) / 13) AS i) AS u
$$;

-- sum(condition): SQLite sums comparisons as 1 and 0. NULL when no row has a
-- non-NULL value, as SQLite's sum().
CREATE OR REPLACE FUNCTION ifg.sum_bool_step(s bigint, v boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v IS NULL THEN s ELSE coalesce(s, 0) + CASE WHEN v THEN 1 ELSE 0 END END
$$;
CREATE OR REPLACE AGGREGATE ifg.sum(boolean) (SFUNC = ifg.sum_bool_step, STYPE = bigint);

-- group_concat(x [, separator]): the non-NULL values joined by ',' or the
-- separator (none for a NULL one), in the order the rows come; NULL when
-- there are none. The order of rows fed by an ordered subquery is kept by
-- PostgreSQL's plans in practice but not promised: string_agg(x, ',' ORDER BY
-- x) is the spelling that promises it (SQLite 3.40 has no ORDER BY there).
CREATE OR REPLACE FUNCTION ifg.group_concat_step(s text, v text, sep text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v IS NULL THEN s WHEN s IS NULL THEN v ELSE s || coalesce(sep, '') || v END
$$;
CREATE OR REPLACE FUNCTION ifg.group_concat_step(s text, v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.group_concat_step(s, v, ',') $$;
CREATE OR REPLACE AGGREGATE ifg.group_concat(text) (SFUNC = ifg.group_concat_step, STYPE = text);
CREATE OR REPLACE AGGREGATE ifg.group_concat(text, text) (
  SFUNC = ifg.group_concat_step, STYPE = text);

-- + x on text: SQLite's way to keep a column out of an index's use; here the
-- value itself.
CREATE OR REPLACE FUNCTION ifg.unary_plus(x text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT x $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_operator o
                 JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
                 WHERE n.nspname = 'ifg' AND o.oprname = '+' AND o.oprleft = 0
                   AND o.oprright = 'text'::regtype) THEN
    CREATE OPERATOR ifg.+ (RIGHTARG = text, FUNCTION = ifg.unary_plus);
  END IF;
END $$;

--------------------------------------------------------------------------
-- JSON

-- The JSON text of `j` as SQLite writes it: the same tokens without the white
-- space between them (SQLite's json() and json_object() keep each string and
-- number as written or as they escape it, which PostgreSQL's json does too).
CREATE OR REPLACE FUNCTION ifg.json_compact(j json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT pg_catalog.regexp_replace(j::text, '("(?:[^"\\]|\\.)*")|[ \t\n\r]+', '\1', 'g')
$$;
CREATE OR REPLACE FUNCTION ifg.json_compact(j text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.json_compact(j::json) $$;

-- json(x): x checked to be JSON, without white space. A json value, so that
-- json_build_object() embeds it as JSON (SQLite's json('true') is true, not
-- the string "true").
CREATE OR REPLACE FUNCTION ifg.json(x text) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.json_compact(x::json)::json $$;

-- json_valid(x): whether x is JSON (RFC 8259); false for NULL, as SQLite
-- 3.40's 0. A boolean, since the store only tests it (CASE WHEN
-- json_valid(...)); SQLite's is 1 or 0. PARALLEL UNSAFE, as every function
-- with an EXCEPTION block (PostgreSQL 15 has no IS JSON).
CREATE OR REPLACE FUNCTION ifg.json_valid(x text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE AS $$
BEGIN
  IF x IS NULL THEN
    RETURN false;
  END IF;
  PERFORM x::json;
  RETURN true;
EXCEPTION WHEN invalid_text_representation OR invalid_parameter_value
               OR untranslatable_character OR character_not_in_repertoire THEN
  RETURN false;
END $$;

-- Binary floating point, exactly, in numeric: SQLite prints a real with its
-- own printf, in x87 long double arithmetic (64-bit significands), and its
-- digits differ from a correctly rounded %.15g in about 1 value in 100. The
-- functions below compute what that arithmetic computes: each operation
-- exactly, then rounded to `bits` significant bits, to nearest, ties to even.

-- 2^n, exactly.
CREATE OR REPLACE FUNCTION ifg.fp_pow2(n integer) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN n >= 0 THEN pg_catalog.power(2::numeric, n)
              ELSE pg_catalog.power(5::numeric, -n) * ('1e' || n)::numeric END
$$;

-- floor(log10(x)) of x > 0, from its digits.
CREATE OR REPLACE FUNCTION ifg.fp_log10(x numeric) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x >= 1 THEN pg_catalog.length(pg_catalog.trunc(x)::text) - 1
              ELSE -(pg_catalog.length(pg_catalog.split_part(x::text, '.', 2))
                     - pg_catalog.length(pg_catalog.ltrim(pg_catalog.split_part(x::text, '.', 2), '0'))
                     + 1) END
$$;

-- num / den rounded to a binary number of `bits` significant bits, its last
-- bit no smaller than 2^min_ulp (a double's subnormals: 2^-1074).
CREATE OR REPLACE FUNCTION ifg.fp_round(num numeric, den numeric, bits integer,
                                        min_ulp integer DEFAULT -100000) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  ulp integer;
  neg boolean := (num < 0) <> (den < 0);
  e integer;
  scaled numeric;
  q numeric;
  r numeric;
BEGIN
  IF num = 0 THEN
    RETURN 0;
  END IF;
  num := abs(num);
  den := abs(den);
  -- e: 2^e <= num/den < 2^(e+1), from an estimate off by a few
  e := pg_catalog.floor((ifg.fp_log10(num) - ifg.fp_log10(den)) * 3.321928094887362)::integer - 1;
  WHILE num < ifg.fp_pow2(e) * den LOOP
    e := e - 1;
  END LOOP;
  WHILE num >= ifg.fp_pow2(e + 1) * den LOOP
    e := e + 1;
  END LOOP;
  ulp := greatest(e - bits + 1, min_ulp);
  scaled := num * ifg.fp_pow2(-ulp);
  q := pg_catalog.div(scaled, den);
  r := scaled - q * den;
  IF 2 * r > den OR (2 * r = den AND pg_catalog.mod(q, 2) = 1) THEN
    q := q + 1;
  END IF;
  q := q * ifg.fp_pow2(ulp);
  RETURN CASE WHEN neg THEN -q ELSE q END;
END $$;

-- A long double (x87: 64-bit significand; its range is never left here).
CREATE OR REPLACE FUNCTION ifg.fp_ld(x numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.fp_round(x, 1, 64) $$;

-- num / den as a double (53 bits, subnormals, infinity past the largest).
CREATE OR REPLACE FUNCTION ifg.fp_double_div(num numeric, den numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN abs(q) >= ifg.fp_pow2(1024) THEN pg_catalog.sign(q) * 'Infinity'::numeric
              ELSE q END
  FROM (SELECT ifg.fp_round(num, den, 53, -1074) AS q) AS r
$$;
CREATE OR REPLACE FUNCTION ifg.fp_double(x numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.fp_double_div(x, 1) $$;

-- The exact value of a double precision (float8::numeric keeps 15 digits).
CREATE OR REPLACE FUNCTION ifg.fp_exact(v double precision) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  b bytea := pg_catalog.float8send(v);
  bits bigint := 0;
  k integer;
  biased integer;
  mantissa bigint;
BEGIN
  FOR k IN 0 .. 7 LOOP
    bits := (bits << 8) | pg_catalog.get_byte(b, k);
  END LOOP;
  biased := ((bits >> 52) & 2047)::integer;
  mantissa := bits & 4503599627370495;  -- 2^52 - 1
  IF biased = 0 THEN
    RETURN (CASE WHEN bits < 0 THEN -1 ELSE 1 END) * mantissa * ifg.fp_pow2(-1074);
  END IF;
  RETURN (CASE WHEN bits < 0 THEN -1 ELSE 1 END) * (mantissa + 4503599627370496)
         * ifg.fp_pow2(biased - 1075);
END $$;

-- A decimal number as SQLite 3.40's sqlite3AtoF reads it (CAST(x AS REAL),
-- the numbers of date()'s arguments): at most 18 or 19 significant digits,
-- the rest dropped, then the power of ten in long double, rounded to a
-- double. NULL when z is not a number.
CREATE OR REPLACE FUNCTION ifg.sqlite_atof(z text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  m text[];
  sign integer := 1;
  s numeric := 0;      -- the significand, an i64
  d integer := 0;      -- the exponent's adjustment for the digits
  e integer := 0;
  esign integer := 1;
  k integer;
  c text;
  scale numeric := 1;  -- a long double
  result numeric;
  big constant numeric := 922337203685477579;  -- (LARGEST_INT64 - 9) / 10
BEGIN
  m := pg_catalog.regexp_match(z, '^[ \t\n\v\f\r]*([-+]?)([0-9]*)(\.([0-9]*))?([eE]([-+]?)([0-9]+))?[ \t\n\v\f\r]*$');
  IF m IS NULL OR (m[2] = '' AND coalesce(m[4], '') = '') THEN
    RETURN NULL;
  END IF;
  IF m[1] = '-' THEN
    sign := -1;
  END IF;
  FOR k IN 1 .. pg_catalog.length(m[2]) LOOP
    c := pg_catalog.substr(m[2], k, 1);
    IF s >= big THEN
      d := d + 1;  -- a digit past the significand's
    ELSE
      s := s * 10 + c::integer;
    END IF;
  END LOOP;
  FOR k IN 1 .. coalesce(pg_catalog.length(m[4]), 0) LOOP
    IF s < big THEN
      s := s * 10 + pg_catalog.substr(m[4], k, 1)::integer;
      d := d - 1;
    END IF;
  END LOOP;
  IF m[7] IS NOT NULL THEN
    IF m[6] = '-' THEN
      esign := -1;
    END IF;
    FOR k IN 1 .. pg_catalog.length(m[7]) LOOP
      e := CASE WHEN e < 10000 THEN e * 10 + pg_catalog.substr(m[7], k, 1)::integer ELSE 10000 END;
    END LOOP;
  END IF;
  e := e * esign + d;
  IF e < 0 THEN
    esign := -1;
    e := -e;
  ELSE
    esign := 1;
  END IF;
  IF s = 0 THEN
    RETURN CASE WHEN sign < 0 THEN '-0'::double precision ELSE 0 END;
  END IF;
  WHILE e > 0 LOOP
    IF esign > 0 THEN
      EXIT WHEN s >= 922337203685477580;  -- LARGEST_INT64 / 10
      s := s * 10;
    ELSE
      EXIT WHEN pg_catalog.mod(s, 10) <> 0;
      s := s / 10;
    END IF;
    e := e - 1;
  END LOOP;
  s := s * sign;
  IF e = 0 THEN
    result := ifg.fp_double(s);
  ELSIF e > 307 THEN
    IF e >= 342 THEN
      RETURN CASE WHEN esign < 0 THEN 0 * sign
                  ELSE sign * 'Infinity'::double precision END;
    END IF;
    WHILE pg_catalog.mod(e, 308) <> 0 LOOP
      scale := ifg.fp_ld(scale * 10);
      e := e - 1;
    END LOOP;
    -- s / scale in long double stored in a double, then divided by 1e308
    IF esign < 0 THEN
      result := ifg.fp_double(ifg.fp_round(s, scale, 64));
      result := ifg.fp_double_div(result, ifg.fp_double(1e308));
    ELSE
      result := ifg.fp_double(ifg.fp_ld(s * scale));
      result := ifg.fp_double(result * ifg.fp_double(1e308));
    END IF;
  ELSE
    WHILE pg_catalog.mod(e, 22) <> 0 LOOP
      scale := ifg.fp_ld(scale * 10);
      e := e - 1;
    END LOOP;
    WHILE e > 0 LOOP
      scale := ifg.fp_ld(scale * 1e22);
      e := e - 22;
    END LOOP;
    IF esign < 0 THEN
      result := ifg.fp_double(ifg.fp_round(s, scale, 64));
    ELSE
      result := ifg.fp_double(ifg.fp_ld(s * scale));
    END IF;
  END IF;
  RETURN result::double precision;
END $$;

-- A real as SQLite writes it (CAST(r AS TEXT), and in JSON): its printf's
-- "%!.15g" (sqlite3_str_vappendf, etGENERIC), step by step: 15 significant
-- digits with at least one after the point (100.0, 0.1, 1.0e+100, 1.5e-07),
-- Inf and -Inf; NULL for NaN (SQLite has no NaN).
CREATE OR REPLACE FUNCTION ifg.real_text(v double precision) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r numeric;          -- realvalue, a long double
  scale numeric := 1;
  rounder numeric;
  ex integer := 0;    -- the decimal exponent
  prec integer := 14; -- precision 15, less one for %g
  e2 integer;
  nsd integer := 26;  -- significant digits: 16, and 10 more for the ! flag
  prefix text := '';
  out text := '';
  digit integer;
  exp_form boolean;
BEGIN
  IF v IS NULL OR v = 'NaN'::double precision THEN
    RETURN NULL;
  END IF;
  IF v < 0 THEN
    prefix := '-';
    v := -v;
  END IF;
  IF v = 'Infinity'::double precision THEN
    RETURN prefix || 'Inf';
  END IF;
  r := ifg.fp_exact(v);
  -- rounder = 5.0e-05 * 1.0e-10, in double
  rounder := ifg.fp_double(ifg.fp_double(5.0e-05) * ifg.fp_double(1.0e-10));
  IF r > 0 THEN
    WHILE r >= ifg.fp_ld(ifg.fp_double(1e100) * scale) AND ex <= 350 LOOP
      scale := ifg.fp_ld(scale * ifg.fp_double(1e100));
      ex := ex + 100;
    END LOOP;
    WHILE r >= ifg.fp_ld(1e10 * scale) AND ex <= 350 LOOP
      scale := ifg.fp_ld(scale * 1e10);
      ex := ex + 10;
    END LOOP;
    WHILE r >= ifg.fp_ld(10 * scale) AND ex <= 350 LOOP
      scale := ifg.fp_ld(scale * 10);
      ex := ex + 1;
    END LOOP;
    r := ifg.fp_round(r, scale, 64);
    WHILE r < ifg.fp_double(1e-8) LOOP
      r := ifg.fp_ld(r * 1e8);
      ex := ex - 8;
    END LOOP;
    WHILE r < 1 LOOP
      r := ifg.fp_ld(r * 10);
      ex := ex - 1;
    END LOOP;
    IF ex > 350 THEN
      RETURN prefix || 'Inf';
    END IF;
  END IF;
  r := ifg.fp_ld(r + rounder);
  IF r >= 10 THEN
    r := ifg.fp_ld(r * ifg.fp_double(0.1));
    ex := ex + 1;
  END IF;
  exp_form := ex < -4 OR ex > prec;
  IF exp_form THEN
    e2 := 0;
  ELSE
    prec := prec - ex;
    e2 := ex;
  END IF;
  -- digits before the point (et_getdigit: the integer part, then the rest times 10)
  IF e2 < 0 THEN
    out := '0';
  ELSE
    WHILE e2 >= 0 LOOP
      IF nsd <= 0 THEN
        out := out || '0';
      ELSE
        nsd := nsd - 1;
        digit := pg_catalog.trunc(r)::integer;
        r := ifg.fp_ld((r - digit) * 10);
        out := out || digit::text;
      END IF;
      e2 := e2 - 1;
    END LOOP;
  END IF;
  out := out || '.';
  e2 := e2 + 1;
  WHILE e2 < 0 LOOP
    out := out || '0';
    prec := prec - 1;
    e2 := e2 + 1;
  END LOOP;
  WHILE prec > 0 LOOP
    IF nsd <= 0 THEN
      out := out || '0';
    ELSE
      nsd := nsd - 1;
      digit := pg_catalog.trunc(r)::integer;
      r := ifg.fp_ld((r - digit) * 10);
      out := out || digit::text;
    END IF;
    prec := prec - 1;
  END LOOP;
  out := pg_catalog.rtrim(out, '0');
  IF pg_catalog.right(out, 1) = '.' THEN
    out := out || '0';
  END IF;
  IF exp_form THEN
    out := out || 'e' || CASE WHEN ex < 0 THEN '-' ELSE '+' END
           || CASE WHEN abs(ex) < 10 THEN '0' ELSE '' END || abs(ex)::text;
  END IF;
  RETURN prefix || out;
END $$;

-- A real as SQLite's json_object() writes it, as a json value to pass to
-- json_build_object(): PostgreSQL would write 100.0 as 100.
CREATE OR REPLACE FUNCTION ifg.json_real(v double precision) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v = 'Infinity'::double precision THEN '9.0e+999'::json
              WHEN v = '-Infinity'::double precision THEN '-9.0e+999'::json
              ELSE ifg.real_text(v)::json END
$$;

-- The real of a JSON number token: SQLite's JSON reads it with the C
-- library's strtod (correctly rounded, as PostgreSQL's float8 input does), 0
-- below half the smallest subnormal and an infinity from the largest double
-- and a half unit on, where PostgreSQL's input refuses the value. (No
-- EXCEPTION block: it would make json_extract parallel unsafe.)
CREATE OR REPLACE FUNCTION ifg.json_strtod(token text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  m text[];
  e integer;
  n numeric;
  neg boolean := pg_catalog.left(token, 1) = '-';
BEGIN
  -- the decimal exponent of the first digit, from the text (numeric's own
  -- input stops at exponents of a few thousands)
  m := pg_catalog.regexp_match(token, '^-?0*([0-9]*)\.?([0-9]*)[eE]?([-+]?[0-9]*)$');
  IF pg_catalog.ltrim(m[1] || m[2], '0') = '' THEN
    RETURN CASE WHEN neg THEN '-0'::double precision ELSE 0 END;
  END IF;
  e := CASE WHEN m[1] <> '' THEN pg_catalog.length(m[1]) - 1
            ELSE -(pg_catalog.length(m[2]) - pg_catalog.length(pg_catalog.ltrim(m[2], '0')) + 1) END
       + CASE WHEN m[3] IN ('', '+', '-') THEN 0
              WHEN pg_catalog.length(pg_catalog.ltrim(m[3], '+-0')) > 6
                THEN pg_catalog.sign(pg_catalog.replace(m[3], '+', '')::numeric)::integer * 1000000
              ELSE m[3]::integer END;
  IF e > 309 THEN
    RETURN CASE WHEN neg THEN '-Infinity'::double precision ELSE 'Infinity'::double precision END;
  ELSIF e < -325 THEN
    RETURN CASE WHEN neg THEN '-0'::double precision ELSE 0 END;
  END IF;
  n := abs(token::numeric);
  IF n >= ifg.fp_pow2(1024) - ifg.fp_pow2(970) THEN
    RETURN CASE WHEN neg THEN '-Infinity'::double precision ELSE 'Infinity'::double precision END;
  ELSIF n <= ifg.fp_pow2(-1075) THEN
    RETURN CASE WHEN neg THEN '-0'::double precision ELSE 0 END;
  END IF;
  RETURN token::double precision;
END $$;

-- A JSON number token as SQLite's value of it as text: an integer when it
-- has no fraction or exponent and fits 64 bits, else a real.
CREATE OR REPLACE FUNCTION ifg.json_number_text(token text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN token ~ '^-?[0-9]+$'
         AND token::numeric BETWEEN -9223372036854775808 AND 9223372036854775807
      THEN token::numeric::bigint::text
    ELSE ifg.real_text(ifg.json_strtod(token)) END
$$;

-- The JSON type SQLite's json_type() and json_each.type name.
CREATE OR REPLACE FUNCTION ifg.json_type_of(v json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE pg_catalog.json_typeof(v)
    WHEN 'string' THEN 'text'
    WHEN 'number' THEN CASE WHEN v::text ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
    WHEN 'boolean' THEN v::text
    ELSE pg_catalog.json_typeof(v) END
$$;

-- The SQL value SQLite gives for a JSON value, as text: a string's
-- characters, a number's digits, 1 and 0 for true and false, NULL for null,
-- an array's or object's JSON text without white space.
CREATE OR REPLACE FUNCTION ifg.json_sql_value(v json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE pg_catalog.json_typeof(v)
    WHEN 'string' THEN v #>> '{}'
    WHEN 'number' THEN ifg.json_number_text(v::text)
    WHEN 'boolean' THEN CASE WHEN v::text = 'true' THEN '1' ELSE '0' END
    WHEN 'null' THEN NULL
    ELSE ifg.json_compact(v) END
$$;

-- The value at a SQLite JSON path ($, .key, ."key", [n], [#-n]) of `j`, as
-- json; NULL when there is none. A key names the first member of that name,
-- as SQLite's lookup does (PostgreSQL's -> takes the last). A path that does
-- not begin with $ or is malformed is an error, as in SQLite.
CREATE OR REPLACE FUNCTION ifg.json_at(j json, path text) RETURNS json
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  i integer := 2;
  n integer;
  c text;
  k text;
  e integer;
  inner_text text;
  idx bigint;
BEGIN
  IF j IS NULL OR path IS NULL THEN
    RETURN NULL;
  END IF;
  IF pg_catalog.left(path, 1) <> '$' THEN
    RAISE EXCEPTION 'JSON path error near ''%''', path USING ERRCODE = 'invalid_parameter_value';
  END IF;
  n := pg_catalog.length(path);
  WHILE i <= n LOOP
    c := pg_catalog.substr(path, i, 1);
    IF c = '.' THEN
      IF pg_catalog.substr(path, i + 1, 1) = '"' THEN
        e := pg_catalog.strpos(pg_catalog.substr(path, i + 2), '"');
        IF e = 0 THEN
          RAISE EXCEPTION 'JSON path error near ''%''', pg_catalog.substr(path, i)
            USING ERRCODE = 'invalid_parameter_value';
        END IF;
        k := pg_catalog.substr(path, i + 2, e - 1);
        i := i + e + 2;
      ELSE
        e := i + 1;
        WHILE e <= n AND pg_catalog.substr(path, e, 1) NOT IN ('.', '[') LOOP
          e := e + 1;
        END LOOP;
        k := pg_catalog.substr(path, i + 1, e - i - 1);
        IF k = '' THEN
          RAISE EXCEPTION 'JSON path error near ''%''', pg_catalog.substr(path, i)
            USING ERRCODE = 'invalid_parameter_value';
        END IF;
        i := e;
      END IF;
      IF pg_catalog.json_typeof(j) <> 'object' THEN
        RETURN NULL;
      END IF;
      SELECT m.value INTO j FROM pg_catalog.json_each(j) WITH ORDINALITY AS m(key, value, o)
        WHERE m.key = k ORDER BY m.o LIMIT 1;
      IF NOT FOUND THEN
        RETURN NULL;
      END IF;
    ELSIF c = '[' THEN
      e := pg_catalog.strpos(pg_catalog.substr(path, i), ']');
      inner_text := CASE WHEN e > 0 THEN pg_catalog.substr(path, i + 1, e - 2) END;
      IF inner_text IS NULL OR inner_text !~ '^([0-9]+|#|#-[0-9]+)$' THEN
        RAISE EXCEPTION 'JSON path error near ''%''', pg_catalog.substr(path, i)
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      i := i + e;
      IF pg_catalog.json_typeof(j) <> 'array' THEN
        RETURN NULL;
      END IF;
      IF pg_catalog.left(inner_text, 1) = '#' THEN
        idx := pg_catalog.json_array_length(j)
               - coalesce(nullif(pg_catalog.substr(inner_text, 3), '')::bigint, 0);
      ELSE
        idx := inner_text::numeric;
      END IF;
      IF idx < 0 OR idx >= pg_catalog.json_array_length(j) THEN
        RETURN NULL;
      END IF;
      j := j -> idx::integer;
    ELSE
      RAISE EXCEPTION 'JSON path error near ''%''', pg_catalog.substr(path, i)
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;
  RETURN j;
END $$;

-- json_extract(j, path): SQLite's value at the path, as text (see
-- ifg.json_sql_value); NULL for a missing value or JSON null. Malformed JSON
-- is an error, as in SQLite.
CREATE OR REPLACE FUNCTION ifg.json_extract(j text, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.json_sql_value(ifg.json_at(j::json, path))
$$;

-- json_type(j [, path]).
CREATE OR REPLACE FUNCTION ifg.json_type(j text, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.json_type_of(ifg.json_at(j::json, path))
$$;
CREATE OR REPLACE FUNCTION ifg.json_type(j text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.json_type(j, '$') $$;

-- j -> k and j ->> k on text, as SQLite's operators: an integer k is an
-- array index, a text k a path when it begins with $, else an index when it
-- begins with a digit, else a key. -> gives JSON text ('null' for a JSON
-- null), ->> the SQL value (ifg.json_sql_value).
CREATE OR REPLACE FUNCTION ifg.json_arrow_path(k text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN pg_catalog.left(k, 1) = '$' THEN k
              WHEN k ~ '^[0-9]' THEN '$[' || k || ']'
              WHEN pg_catalog.left(k, 1) = '[' THEN '$' || k
              ELSE '$.' || k END
$$;
CREATE OR REPLACE FUNCTION ifg.json_arrow(j text, k text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.json_compact(ifg.json_at(j::json, ifg.json_arrow_path(k)))
$$;
CREATE OR REPLACE FUNCTION ifg.json_arrow(j text, k integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.json_compact(ifg.json_at(j::json, '$[' || k || ']'))
$$;
CREATE OR REPLACE FUNCTION ifg.json_arrow_value(j text, k text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.json_sql_value(ifg.json_at(j::json, ifg.json_arrow_path(k)))
$$;
CREATE OR REPLACE FUNCTION ifg.json_arrow_value(j text, k integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.json_sql_value(ifg.json_at(j::json, '$[' || k || ']'))
$$;
DO $$
DECLARE
  op record;
BEGIN
  FOR op IN SELECT * FROM (VALUES ('->', 'text', 'ifg.json_arrow'),
                                  ('->', 'integer', 'ifg.json_arrow'),
                                  ('->>', 'text', 'ifg.json_arrow_value'),
                                  ('->>', 'integer', 'ifg.json_arrow_value')) AS v(name, r, fn)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_operator o
                   JOIN pg_catalog.pg_namespace s ON s.oid = o.oprnamespace
                   WHERE s.nspname = 'ifg' AND o.oprname = op.name
                     AND o.oprleft = 'text'::regtype AND o.oprright = op.r::regtype) THEN
      EXECUTE pg_catalog.format('CREATE OPERATOR ifg.%s (LEFTARG = text, RIGHTARG = %s, '
                                'FUNCTION = %s)', op.name, op.r, op.fn);
    END IF;
  END LOOP;
END $$;

-- json_each(j [, path]): the members of the object or the elements of the
-- array at the path, in order (one row, key NULL, for a scalar), with
-- SQLite's columns key, value, type and atom. key is text: an array index
-- used as a number needs CAST(key AS INTEGER), in SQLite too. value and atom
-- are text as ifg.json_sql_value writes them. SQLite's id, parent, fullkey
-- and path columns are not provided.
CREATE OR REPLACE FUNCTION ifg.json_each(j text, path text)
RETURNS TABLE (key text, value text, type text, atom text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH root AS (SELECT ifg.json_at(j::json, path) AS c)
  SELECT e.key, ifg.json_sql_value(e.v), ifg.json_type_of(e.v),
         CASE WHEN pg_catalog.json_typeof(e.v) IN ('object', 'array') THEN NULL
              ELSE ifg.json_sql_value(e.v) END
  FROM root, LATERAL (
    SELECT m.key, m.value AS v, m.o
    FROM pg_catalog.json_each(CASE WHEN pg_catalog.json_typeof(root.c) = 'object'
                                   THEN root.c END) WITH ORDINALITY AS m(key, value, o)
    UNION ALL
    SELECT (a.o - 1)::text, a.value, a.o
    FROM pg_catalog.json_array_elements(CASE WHEN pg_catalog.json_typeof(root.c) = 'array'
                                             THEN root.c END) WITH ORDINALITY AS a(value, o)
    UNION ALL
    SELECT NULL, root.c, 1
    WHERE pg_catalog.json_typeof(root.c) NOT IN ('object', 'array')) AS e
  ORDER BY e.o
$$;
CREATE OR REPLACE FUNCTION ifg.json_each(j text)
RETURNS TABLE (key text, value text, type text, atom text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT * FROM ifg.json_each(j, '$') $$;

-- json_group_array(x): the values as a JSON array ([] for no rows), a json
-- value (json embeds as JSON, text as a string, NULL as null).
CREATE OR REPLACE FUNCTION ifg.json_group_array_step(s json[], v anyelement) RETURNS json[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT s || coalesce(pg_catalog.to_json(v), 'null'::json)
$$;
CREATE OR REPLACE FUNCTION ifg.json_group_array_final(s json[]) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT pg_catalog.array_to_json(s) $$;
CREATE OR REPLACE AGGREGATE ifg.json_group_array(anyelement) (
  SFUNC = ifg.json_group_array_step, STYPE = json[], FINALFUNC = ifg.json_group_array_final,
  INITCOND = '{}');

--------------------------------------------------------------------------
-- Dates: SQLite 3.40's date() and julianday(), ported from its date.c
-- (computeJD, computeYMD, parseYyyyMmDd, parseHhMmSs, parseModifier) with its
-- integer arithmetic, so that month arithmetic and month ends agree: 31 March
-- '-1 months' is 3 March in both, and date('2023-02-31') stays as written
-- when no modifier follows. Times are milliseconds of the Julian day.

-- The Julian day, in milliseconds, of the start of day y-m-d (computeJD);
-- NULL outside the years SQLite accepts.
CREATE OR REPLACE FUNCTION ifg.sqlite_jd_of(y integer, m integer, d integer) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  a integer;
  b integer;
  x1 integer;
  x2 integer;
BEGIN
  IF y < -4713 OR y > 9999 THEN
    RETURN NULL;
  END IF;
  IF m <= 2 THEN
    y := y - 1;
    m := m + 12;
  END IF;
  a := y / 100;
  b := 2 - a + (a / 4);
  x1 := 36525 * (y + 4716) / 100;
  x2 := 306001 * (m + 1) / 10000;
  -- (X1 + X2 + D + B - 1524.5) * 86400000, an integer since 0.5 day is
  RETURN (x1 + x2 + d + b - 1524)::bigint * 86400000 - 43200000;
END $$;

-- Year, month and day of Julian day `jd` in milliseconds (computeYMD).
CREATE OR REPLACE FUNCTION ifg.sqlite_ymd_of(jd bigint, OUT y integer, OUT m integer,
                                             OUT d integer)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  z integer;
  a integer;
  b integer;
  c integer;
  dd integer;
  e integer;
  x1 integer;
BEGIN
  z := ((jd + 43200000) / 86400000)::integer;
  a := trunc((z - 1867216.25::double precision) / 36524.25::double precision)::integer;
  a := z + 1 + a - (a / 4);
  b := a + 1524;
  c := trunc((b - 122.1::double precision) / 365.25::double precision)::integer;
  dd := (36525 * (c & 32767)) / 100;
  e := trunc((b - dd) / 30.6001::double precision)::integer;
  x1 := trunc(30.6001::double precision * e)::integer;
  d := b - dd - x1;
  m := CASE WHEN e < 14 THEN e - 1 ELSE e - 13 END;
  y := CASE WHEN m > 2 THEN c - 4716 ELSE c - 4715 END;
END $$;

-- HH:MM[:SS[.F...]] and an optional time zone (Z or +-HH:MM) at the start of
-- `t` (parseHhMmSs, parseTimezone); ok false when t is not that.
CREATE OR REPLACE FUNCTION ifg.sqlite_parse_hms(t text, OUT ok boolean, OUT h integer,
                                                OUT mi integer, OUT s double precision,
                                                OUT tz integer)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r text[];
  ms double precision := 0;
  scale double precision := 1;
  f text;
  k integer;
BEGIN
  ok := false;
  r := pg_catalog.regexp_match(t, '^([0-9]{2}):([0-9]{2})(:([0-9]{2})(\.[0-9]+)?)?(.*)$');
  IF r IS NULL THEN
    RETURN;
  END IF;
  h := r[1]::integer;
  mi := r[2]::integer;
  IF h > 24 OR mi > 59 THEN
    RETURN;
  END IF;
  IF r[3] IS NOT NULL THEN
    IF r[4]::integer > 59 THEN
      RETURN;
    END IF;
    s := r[4]::integer;
    IF r[5] IS NOT NULL THEN
      f := pg_catalog.substr(r[5], 2);
      FOR k IN 1 .. pg_catalog.length(f) LOOP
        ms := ms * 10.0 + pg_catalog.substr(f, k, 1)::integer;
        scale := scale * 10.0;
      END LOOP;
      s := s + ms / scale;
    END IF;
  ELSE
    s := 0;
  END IF;
  -- the time zone: white space, then nothing, Z, or +-HH:MM (hours up to 14)
  f := pg_catalog.regexp_replace(r[6], '^[ \t\n\v\f\r]+', '');
  tz := 0;
  IF f = '' THEN
    ok := true;
  ELSIF pg_catalog.left(f, 1) IN ('Z', 'z') THEN
    ok := pg_catalog.regexp_replace(pg_catalog.substr(f, 2), '^[ \t\n\v\f\r]+', '') = '';
  ELSE
    r := pg_catalog.regexp_match(f, '^([-+])([0-9]{2}):([0-9]{2})[ \t\n\v\f\r]*$');
    IF r IS NULL OR r[2]::integer > 14 OR r[3]::integer > 59 THEN
      RETURN;
    END IF;
    tz := CASE WHEN r[1] = '-' THEN -1 ELSE 1 END * (r[3]::integer + r[2]::integer * 60);
    ok := true;
  END IF;
END $$;

-- A number as sqlite3AtoF reads a whole text (white space around allowed).
CREATE OR REPLACE FUNCTION ifg.sqlite_number(t text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN t ~ '^[ \t\n\v\f\r]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t\n\v\f\r]*$'
              THEN ifg.sqlite_atof(t) END
$$;

-- The date and time `t` with `mods` applied, as SQLite's isDate() leaves it:
-- jd (milliseconds), and the year, month and day that date() prints (as
-- written when no modifier normalised them). All NULL where SQLite gives NULL.
CREATE OR REPLACE FUNCTION ifg.sqlite_datetime(t text, mods text[], OUT jd bigint,
                                               OUT y integer, OUT m integer, OUT d integer)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  valid_jd boolean := false;
  valid_ymd boolean := false;
  valid_hms boolean := false;
  valid_tz boolean := false;
  raw_s boolean := false;
  h integer := 0;
  mi integer := 0;
  s double precision := 0;
  tz integer := 0;
  r text[];
  rest text;
  hms record;
  ymd record;
  md text;
  z text;
  num double precision;
  unit text;
  n integer;
  x integer;
  rounder double precision;
  lim double precision;
  xform double precision;
  wd integer;
  zz bigint;
  step integer;
BEGIN
  IF t IS NULL THEN
    RETURN;
  END IF;
  -- the value: YYYY-MM-DD [time], a time alone (on 2000-01-01), or a Julian day number
  r := pg_catalog.regexp_match(t, '^(-?)([0-9]{4})-([0-9]{2})-([0-9]{2})(.*)$');
  IF r IS NOT NULL AND r[3]::integer BETWEEN 1 AND 12 AND r[4]::integer BETWEEN 1 AND 31 THEN
    rest := pg_catalog.regexp_replace(r[5], '^[ \t\n\v\f\r T]+', '');
    IF rest = '' THEN
      valid_hms := false;
    ELSE
      hms := ifg.sqlite_parse_hms(rest);
      IF NOT hms.ok THEN
        RETURN;
      END IF;
      valid_hms := true;
      h := hms.h;
      mi := hms.mi;
      s := hms.s;
      tz := hms.tz;
      valid_tz := hms.tz <> 0;
    END IF;
    valid_ymd := true;
    y := CASE WHEN r[1] = '-' THEN -r[2]::integer ELSE r[2]::integer END;
    m := r[3]::integer;
    d := r[4]::integer;
  ELSE
    hms := ifg.sqlite_parse_hms(t);
    IF hms.ok THEN
      valid_hms := true;
      h := hms.h;
      mi := hms.mi;
      s := hms.s;
      tz := hms.tz;
      valid_tz := hms.tz <> 0;
    ELSIF pg_catalog.lower(t) = 'now' THEN
      RAISE EXCEPTION 'ifg''s SQLite compatibility: ''now'' is not supported (pass the time)'
        USING ERRCODE = 'feature_not_supported';
    ELSE
      num := ifg.sqlite_number(t);
      IF num IS NULL THEN
        RETURN;
      END IF;
      s := num;
      raw_s := true;
      IF num >= 0.0 AND num < 5373484.5 THEN
        jd := trunc(num * 86400000.0 + 0.5)::bigint;
        valid_jd := true;
      END IF;
    END IF;
  END IF;
  -- a time zone: the value becomes UTC at once (computeJD)
  IF valid_tz THEN
    jd := ifg.sqlite_jd_of(y, m, d) + h * 3600000 + mi * 60000
          + trunc(s * 1000 + 0.5)::bigint - tz * 60000;
    IF jd IS NULL THEN
      RETURN;
    END IF;
    valid_jd := true;
    valid_ymd := false;
    valid_hms := false;
    valid_tz := false;
  END IF;

  FOR step IN 1 .. coalesce(pg_catalog.array_length(mods, 1), 0) LOOP
    md := mods[step];
    IF md IS NULL THEN
      jd := NULL; y := NULL; m := NULL; d := NULL;
      RETURN;
    END IF;
    z := pg_catalog.lower(md);
    IF z IN ('localtime', 'utc', 'unixepoch', 'auto', 'julianday', 'subsec') THEN
      RAISE EXCEPTION 'ifg''s SQLite compatibility: the date modifier ''%'' is not supported', md
        USING ERRCODE = 'feature_not_supported';
    END IF;
    -- computeJD, as several modifiers begin with it
    IF NOT valid_jd AND (pg_catalog.left(z, 1) ~ '[-+0-9]') THEN
      IF raw_s THEN
        jd := NULL; y := NULL; m := NULL; d := NULL;
        RETURN;
      END IF;
      jd := CASE WHEN valid_ymd THEN ifg.sqlite_jd_of(y, m, d) ELSE ifg.sqlite_jd_of(2000, 1, 1) END;
      IF jd IS NULL THEN
        y := NULL; m := NULL; d := NULL;
        RETURN;
      END IF;
      IF valid_hms THEN
        jd := jd + h * 3600000 + mi * 60000 + trunc(s * 1000 + 0.5)::bigint;
      END IF;
      valid_jd := true;
    END IF;

    IF pg_catalog.left(z, 8) = 'weekday ' THEN
      num := ifg.sqlite_number(pg_catalog.substr(z, 9));
      IF num IS NULL OR num < 0 OR num >= 7 OR num <> trunc(num) THEN
        jd := NULL; y := NULL; m := NULL; d := NULL;
        RETURN;
      END IF;
      wd := num::integer;
      -- computeYMD_HMS, then computeJD without the time zone
      IF NOT valid_ymd THEN
        IF NOT valid_jd THEN
          y := 2000; m := 1; d := 1;
        ELSIF jd < 0 OR jd > 464269060799999 THEN
          jd := NULL; y := NULL; m := NULL; d := NULL;
          RETURN;
        ELSE
          ymd := ifg.sqlite_ymd_of(jd);
          y := ymd.y; m := ymd.m; d := ymd.d;
        END IF;
        valid_ymd := true;
      END IF;
      IF NOT valid_hms THEN
        IF NOT valid_jd THEN
          jd := ifg.sqlite_jd_of(y, m, d);
          IF jd IS NULL THEN
            y := NULL; m := NULL; d := NULL;
            RETURN;
          END IF;
        END IF;
        h := ((jd + 43200000) % 86400000 / 3600000)::integer;
        mi := ((jd + 43200000) % 3600000 / 60000)::integer;
        s := ((jd + 43200000) % 60000) / 1000.0;
        valid_hms := true;
      END IF;
      jd := ifg.sqlite_jd_of(y, m, d) + h * 3600000 + mi * 60000 + trunc(s * 1000 + 0.5)::bigint;
      IF jd IS NULL THEN
        y := NULL; m := NULL; d := NULL;
        RETURN;
      END IF;
      valid_jd := true;
      zz := ((jd + 129600000) / 86400000) % 7;
      IF zz > wd THEN
        zz := zz - 7;
      END IF;
      jd := jd + (wd - zz) * 86400000;
      valid_ymd := false; valid_hms := false; valid_tz := false;
    ELSIF pg_catalog.left(z, 9) = 'start of ' THEN
      IF NOT valid_jd AND NOT valid_ymd AND NOT valid_hms THEN
        jd := NULL; y := NULL; m := NULL; d := NULL;
        RETURN;
      END IF;
      IF NOT valid_ymd THEN
        IF NOT valid_jd THEN
          y := 2000; m := 1; d := 1;
        ELSIF jd < 0 OR jd > 464269060799999 THEN
          jd := NULL; y := NULL; m := NULL; d := NULL;
          RETURN;
        ELSE
          ymd := ifg.sqlite_ymd_of(jd);
          y := ymd.y; m := ymd.m; d := ymd.d;
        END IF;
        valid_ymd := true;
      END IF;
      valid_hms := true;
      h := 0; mi := 0; s := 0;
      raw_s := false;
      valid_tz := false;
      valid_jd := false;
      IF pg_catalog.substr(z, 10) = 'month' THEN
        d := 1;
      ELSIF pg_catalog.substr(z, 10) = 'year' THEN
        m := 1;
        d := 1;
      ELSIF pg_catalog.substr(z, 10) <> 'day' THEN
        jd := NULL; y := NULL; m := NULL; d := NULL;
        RETURN;
      END IF;
    ELSIF pg_catalog.left(z, 1) ~ '[-+0-9]' THEN
      -- NNN unit, or +-HH:MM[:SS.F]
      r := pg_catalog.regexp_match(z, '^(.[^: \t\n\v\f\r]*)(.*)$');
      num := ifg.sqlite_number(r[1]);
      IF num IS NULL THEN
        jd := NULL; y := NULL; m := NULL; d := NULL;
        RETURN;
      END IF;
      IF pg_catalog.left(r[2], 1) = ':' THEN
        hms := ifg.sqlite_parse_hms(CASE WHEN pg_catalog.left(z, 1) ~ '[0-9]' THEN z
                                         ELSE pg_catalog.substr(z, 2) END);
        IF NOT hms.ok THEN
          jd := NULL; y := NULL; m := NULL; d := NULL;
          RETURN;
        END IF;
        zz := ((hms.h * 3600000 + hms.mi * 60000 + trunc(hms.s * 1000 + 0.5)::bigint
                - hms.tz * 60000) % 86400000 + 86400000) % 86400000;
        IF pg_catalog.left(z, 1) = '-' THEN
          zz := -zz;
        END IF;
        jd := jd + zz;
        valid_ymd := false; valid_hms := false; valid_tz := false;
      ELSE
        unit := pg_catalog.regexp_replace(r[2], '^[ \t\n\v\f\r]+', '');
        n := pg_catalog.octet_length(unit);
        IF n > 10 OR n < 3 THEN
          jd := NULL; y := NULL; m := NULL; d := NULL;
          RETURN;
        END IF;
        IF pg_catalog.right(unit, 1) = 's' THEN
          unit := pg_catalog.left(unit, -1);
        END IF;
        rounder := CASE WHEN num < 0 THEN -0.5 ELSE 0.5 END;
        SELECT u.lim, u.xform INTO lim, xform
          FROM (VALUES ('second', 4.6427e+14::real, 1.0::real), ('minute', 7.7379e+12, 60.0),
                       ('hour', 1.2897e+11, 3600.0), ('day', 5373485.0, 86400.0),
                       ('month', 176546.0, 2592000.0), ('year', 14713.0, 31536000.0))
               AS u(name, lim, xform)
          WHERE u.name = unit;
        IF lim IS NULL OR NOT (num > -lim AND num < lim) THEN
          jd := NULL; y := NULL; m := NULL; d := NULL;
          RETURN;
        END IF;
        IF unit IN ('month', 'year') THEN
          -- computeYMD_HMS
          IF NOT valid_ymd THEN
            IF jd < 0 OR jd > 464269060799999 THEN
              jd := NULL; y := NULL; m := NULL; d := NULL;
              RETURN;
            END IF;
            ymd := ifg.sqlite_ymd_of(jd);
            y := ymd.y; m := ymd.m; d := ymd.d;
            valid_ymd := true;
          END IF;
          IF NOT valid_hms THEN
            h := ((jd + 43200000) % 86400000 / 3600000)::integer;
            mi := ((jd + 43200000) % 3600000 / 60000)::integer;
            s := ((jd + 43200000) % 60000) / 1000.0;
            valid_hms := true;
          END IF;
          IF unit = 'month' THEN
            m := m + trunc(num)::integer;
            x := CASE WHEN m > 0 THEN (m - 1) / 12 ELSE (m - 12) / 12 END;
            y := y + x;
            m := m - x * 12;
          ELSE
            y := y + trunc(num)::integer;
          END IF;
          num := num - trunc(num);
          -- computeJD from the new year, month and day
          jd := ifg.sqlite_jd_of(y, m, d);
          IF jd IS NULL THEN
            y := NULL; m := NULL; d := NULL;
            RETURN;
          END IF;
          jd := jd + h * 3600000 + mi * 60000 + trunc(s * 1000 + 0.5)::bigint;
          IF valid_tz THEN
            jd := jd - tz * 60000;
          END IF;
          valid_jd := true;
        END IF;
        jd := jd + trunc(num * 1000.0 * xform + rounder)::bigint;
        valid_ymd := false; valid_hms := false; valid_tz := false;
      END IF;
    ELSE
      jd := NULL; y := NULL; m := NULL; d := NULL;
      RETURN;
    END IF;
  END LOOP;

  -- computeJD, then the result must be a valid Julian day
  IF NOT valid_jd THEN
    IF raw_s THEN
      jd := NULL; y := NULL; m := NULL; d := NULL;
      RETURN;
    END IF;
    jd := CASE WHEN valid_ymd THEN ifg.sqlite_jd_of(y, m, d) ELSE ifg.sqlite_jd_of(2000, 1, 1) END;
    IF jd IS NOT NULL AND valid_hms THEN
      jd := jd + h * 3600000 + mi * 60000 + trunc(s * 1000 + 0.5)::bigint;
    END IF;
  END IF;
  IF jd IS NULL OR jd < 0 OR jd > 464269060799999 THEN
    jd := NULL; y := NULL; m := NULL; d := NULL;
    RETURN;
  END IF;
  IF NOT valid_ymd THEN
    ymd := ifg.sqlite_ymd_of(jd);
    y := ymd.y; m := ymd.m; d := ymd.d;
  END IF;
END $$;

-- date(t, modifier...): 'YYYY-MM-DD', as SQLite's date().
CREATE OR REPLACE FUNCTION ifg.date(t text, VARIADIC mods text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x.jd IS NULL THEN NULL
              WHEN x.y < 0 THEN '-' || pg_catalog.lpad((-x.y)::text, greatest(4, pg_catalog.length((-x.y)::text)), '0')
              ELSE pg_catalog.lpad(x.y::text, greatest(4, pg_catalog.length(x.y::text)), '0') END
         || '-' || pg_catalog.lpad(x.m::text, 2, '0') || '-' || pg_catalog.lpad(x.d::text, 2, '0')
  FROM ifg.sqlite_datetime(t, mods) AS x
$$;
CREATE OR REPLACE FUNCTION ifg.date(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.date(t, VARIADIC '{}'::text[]) $$;

-- julianday(t, modifier...): the Julian day number, as SQLite's julianday().
CREATE OR REPLACE FUNCTION ifg.julianday(t text, VARIADIC mods text[]) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT x.jd::double precision / 86400000.0::double precision
  FROM ifg.sqlite_datetime(t, mods) AS x
$$;
CREATE OR REPLACE FUNCTION ifg.julianday(t text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ifg.julianday(t, VARIADIC '{}'::text[])
$$;

--------------------------------------------------------------------------
-- ifg's own SQL functions, which the SQLite store registers in C++
-- (lib/store_state.cpp): the same results, so that the audit trail's state
-- images are the same text in both engines.

-- ifg_commit(salt, value): 'sha256:' and the hex SHA-256 of the salt's bytes
-- then the value's text (lib/crypto.cpp commitment()); NULL and '' as they
-- are. An integer value counts as its digits, as sqlite3_value_text gives it.
CREATE OR REPLACE FUNCTION ifg.ifg_commit(salt bytea, v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v IS NULL THEN NULL WHEN v = '' THEN ''
              ELSE 'sha256:' || pg_catalog.encode(
                     pg_catalog.sha256(coalesce(salt, ''::bytea) || pg_catalog.convert_to(v, 'UTF8')),
                     'hex') END
$$;
CREATE OR REPLACE FUNCTION ifg.ifg_commit(salt bytea, v bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ifg.ifg_commit(salt, v::text) $$;

-- ifg_sha256(text): the JSON string "sha256:<hex>" of the text's SHA-256.
CREATE OR REPLACE FUNCTION ifg.ifg_sha256(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '"sha256:' || pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(v, 'UTF8')), 'hex')
         || '"'
$$;

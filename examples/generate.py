#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Generate the synthetic demo referrals for `ifg`.

Writes, next to this script:

  referrals.jsonl  one referral object per line (docs/formats.md, "A referral record")
  referrals.csv    the same referrals as CSV: RFC 4180, `;` as delimiter (the way a
                   Flemish Excel saves CSV), lists joined with `|`, persons as
                   `role:name:birth_year`

EVERYTHING IS FICTIONAL. Names are placeholders such as "Person B1" or
"Child C"; summaries are invented and name nobody. The partner ids come from
examples/flanders.toml.

The output is deterministic (random.Random(2026), stdlib only): running the
script again gives byte-identical files. It prints how many records it intends
per screening outcome, so they can be compared with the summary of

    ifg init --config examples/flanders.toml
    IFG_NOW=2026-11-28T12:00:00 ifg --as coord.vl screen --batch examples/referrals.jsonl

All `received` dates lie between 2026-01-05 and 2026-11-20, except one record
that is dated 2027-03-01 on purpose (invalid: a date in the future).

The two files hold the same records in the same order, with one exception: the
JSONL record with the misspelt key `safty` is, in the CSV, a record with an
unknown `help_status` value instead (an unknown CSV column would reject the
whole file). Both are `invalid`.

The intended outcomes are checked by a small re-implementation of the rules of
docs/screening.md at the end of this script.
"""

import copy
import csv
import datetime as dt
import io
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2026
TODAY = dt.date(2026, 11, 28)  # the demo's "today" (IFG_NOW)
FIRST_DAY = dt.date(2026, 1, 5)
LAST_DAY = dt.date(2026, 11, 20)

# Intended number of records per outcome. 198 distinct references + 2 duplicates.
COUNTS = {
    "eligible": 89,
    "incomplete": 40,
    "not_eligible": 50,
    "inadmissible": 16,
    "invalid": 3,
    "duplicate": 2,
}
# How many eligible (very unsafe) referrals lack a crisis partner.
ELIGIBLE_WITHOUT_CRISIS_PARTNER = 6

CSV_COLUMNS = [
    "external_ref", "region", "received", "referrer_kind", "referrer_name",
    "referrer_partner", "channel", "safety", "regular_cooperation_sufficient",
    "sectors_needed", "life_domains", "help_status", "measures_status",
    "crisis_partner", "persons", "summary",
]

# Region code -> partner-id suffix, as in examples/flanders.toml.
PROVINCES = {
    "ANT": "antwerpen",
    "LIM": "limburg",
    "OVL": "oost-vlaanderen",
    "VBR": "vlaams-brabant",
    "WVL": "west-vlaanderen",
}
REGION_WEIGHTS = {"ANT": 30, "OVL": 24, "WVL": 18, "VBR": 16, "LIM": 14}

# Partner-id prefix -> (partner kind, channel the referral then comes in by).
# A network partner (OCMW) refers after contact with a care partner.
PARTNER_PREFIXES = {
    "caw": ("caw", "caw"),
    "vk": ("vk", "vk"),
    "opgroeien": ("opgroeien", "opgroeien"),
    "ggz": ("ggz", "ggz"),
    "jh": ("justitiehuis", "justitiehuis"),
    "pz": ("politie", "politie"),
    "parket": ("parket", "parket"),
    "ocmw": ("network", None),
}
PREFIX_WEIGHTS = {"caw": 24, "pz": 20, "vk": 14, "opgroeien": 12, "ggz": 8,
                  "jh": 8, "parket": 6, "ocmw": 8}

# ---------------------------------------------------------------------------
# Vocabulary: English codes and the Dutch aliases of docs/formats.md.

SAFETY = {
    "very_unsafe": ["very_unsafe", "very_unsafe", "very_unsafe", "heel onveilig",
                    "zeer onveilig", "Very unsafe", "heel_onveilig", "very-unsafe"],
    "unsafe": ["unsafe", "unsafe", "onveilig"],
    "safe": ["safe", "veilig"],
    "unknown": ["unknown", "onbekend"],
}
HELP = {
    "stuck": ["stuck", "stuck", "vastgelopen", "loopt vast"],
    "no_perspective": ["no_perspective", "perspectiefloos", "uitzichtloos"],
    "progressing": ["progressing", "lopend"],
    "none": ["none", "geen"],
    "unknown": ["unknown", "onbekend"],
}
MEASURES = {
    "difficult": ["difficult", "difficult", "moeizaam"],
    "no_perspective": ["no_perspective", "uitzichtloos"],
    "progressing": ["progressing", "lopend"],
    "none": ["none", "geen"],
    "unknown": ["unknown", "onbekend"],
}
SECTORS = {
    "welfare": ["welfare", "welfare", "welzijn"],
    "health": ["health", "health", "gezondheid"],
    "police": ["police", "police", "politie"],
    "justice": ["justice", "justice", "justitie"],
}
DOMAINS = {
    "housing": ["housing", "housing", "huisvesting"],
    "finances": ["finances", "finances", "financiën", "financien"],
    "social": ["social", "sociaal"],
    "mental": ["mental", "mental", "psychisch"],
    "physical": ["physical", "lichamelijk"],
    "substance_use": ["substance_use", "middelengebruik"],
    "parenting": ["parenting", "opvoeding"],
    "justice": ["justice", "justitie"],
    "work_education": ["work_education", "werk_onderwijs", "werk onderwijs"],
}
DOMAIN_WEIGHTS = {"housing": 14, "finances": 16, "mental": 14, "social": 10,
                  "substance_use": 10, "parenting": 12, "justice": 8,
                  "physical": 6, "work_education": 6}
FALSE_VALUES = [False] * 7 + ["nee", "no", 0]
TRUE_VALUES = [True, True, "ja", "yes", 1]
CRISIS_PARTNERS = ["politie"] * 6 + ["caw"] * 3 + ["vk"] * 2 + ["parket", "justitiehuis",
                                                               "opgroeien", "ggz", "network"]
PROFESSIONAL_KINDS = ["professional"] * 12 + ["hulpverlener", "professioneel", "Professional"]
CITIZEN_KINDS = ["citizen", "citizen", "burger"]

SUMMARY_PARTS = [
    "repeated police call-outs at night",
    "debt collection under way",
    "eviction from the rented home is pending",
    "school reports frequent absence of the children",
    "earlier family support stopped without result",
    "victim stays with relatives now and then",
    "restraining order was breached twice",
    "alcohol use escalates arguments",
    "the children witnessed violence",
    "income support was suspended",
    "mental-health treatment was broken off",
    "youth care trajectory is stuck",
    "conflict escalated after the separation",
    "threats via text messages continue",
    "hospital treated injuries last month",
    "parents refuse contact with youth services",
    "criminal proceedings are slow",
    "family lives isolated, few social contacts",
    "unpaid energy bills, supply at risk",
    "job loss increased the tension at home",
    "an older sibling left home after a fight",
    "no stable housing since the spring",
]
CITIZEN_SUMMARIES = [
    "Neighbour hears shouting almost every night and is worried about the children.",
    "Family member asks for help for a sister; no professional involved yet.",
    "Anonymous call about a child that often looks frightened.",
    "Friend reports threats against a young mother; asks what can be done.",
]


def pick(rng, options):
    return options[rng.randrange(len(options))]


def weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def family_label(n):
    """1 -> A, 26 -> Z, 27 -> AA: a fictional family label."""
    label = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        label = chr(ord("A") + r) + label
    return label


def random_date(rng):
    span = (LAST_DAY - FIRST_DAY).days
    return FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))


def make_persons(rng, label):
    """1-5 persons with clearly fictional names."""
    persons = []
    n = rng.choices([1, 2, 3, 4, 5], weights=[8, 22, 30, 26, 14])[0]
    adult_from = 1966 if n >= 3 else 1950  # parents of (probably) minor children
    persons.append({"role": pick(rng, ["victim"] * 5 + ["slachtoffer"]),
                    "name": f"Person {label}1", "birth_year": rng.randint(adult_from, 2000)})
    if n >= 2:
        persons.append({"role": pick(rng, ["perpetrator"] * 5 + ["pleger"]),
                        "name": f"Person {label}2", "birth_year": rng.randint(adult_from, 2000)})
    child_no = 0
    for i in range(3, n + 1):
        if rng.random() < 0.8:
            child_no += 1
            person = {"role": pick(rng, ["child"] * 4 + ["kind"])}
            if rng.random() < 0.35:  # a child is often recorded without a name
                person["name"] = f"Child {label}{child_no}"
            person["birth_year"] = rng.randint(2008, 2025)
        else:
            person = {"role": pick(rng, ["other", "other", "ander"]), "name": f"Person {label}{i}"}
            if rng.random() < 0.8:
                person["birth_year"] = rng.randint(1950, 2005)
        persons.append(person)
    return persons


def make_summary(rng):
    parts = rng.sample(SUMMARY_PARTS, rng.randint(1, 3))
    sep = pick(rng, ["; ", "; ", ", "])  # `;` inside a cell makes the CSV quote it
    text = sep.join(parts)
    return text[0].upper() + text[1:] + "."


def pick_domains(rng, n):
    codes = []
    while len(codes) < n:
        code = weighted(rng, DOMAIN_WEIGHTS)
        if code not in codes:
            codes.append(code)
    return codes


def spell(rng, table, code):
    return pick(rng, table[code])


# ---------------------------------------------------------------------------
# Building records. A record is a dict in JSON form; key order follows formats.md.

def base_professional(rng, region, label):
    """An eligible referral by a professional of `region`."""
    prefix = weighted(rng, PREFIX_WEIGHTS)
    kind, channel = PARTNER_PREFIXES[prefix]
    partner = f"{prefix}-{PROVINCES[region]}"
    if prefix == "jh" and rng.random() < 0.3:
        partner = "jh-vlaanderen"
    if channel is None:
        channel = pick(rng, ["caw", "opgroeien", "vk", "ggz"])

    care = rng.sample(["welfare", "health"], rng.randint(1, 2))
    security = rng.sample(["police", "justice"], rng.randint(1, 2))
    sectors = [spell(rng, SECTORS, s) for s in sorted(care) + sorted(security)]
    if rng.random() < 0.3:
        rng.shuffle(sectors)

    domains = [spell(rng, DOMAINS, d) for d in pick_domains(rng, rng.randint(2, 5))]

    # help_stuck passes when help is stuck/no_perspective OR measures difficult/no_perspective
    r = rng.random()
    if r < 0.45:
        help_status = spell(rng, HELP, pick(rng, ["stuck", "stuck", "no_perspective"]))
        measures = pick(rng, [None, "difficult", "progressing", "none", "unknown",
                              "no_perspective"])
        measures = spell(rng, MEASURES, measures) if measures else None
    elif r < 0.8:
        help_status = spell(rng, HELP, pick(rng, ["progressing", "none", "unknown"]))
        measures = spell(rng, MEASURES, pick(rng, ["difficult", "difficult", "no_perspective"]))
    else:
        help_status = spell(rng, HELP, pick(rng, ["stuck", "no_perspective"]))
        measures = spell(rng, MEASURES, pick(rng, ["difficult", "no_perspective"]))

    return {
        "region": region,
        "referrer": {"kind": pick(rng, PROFESSIONAL_KINDS),
                     "name": f"Demo Referrer {region}-{rng.randint(1, 40):02d}",
                     "partner": partner},
        "channel": channel,
        "safety": spell(rng, SAFETY, "very_unsafe"),
        "regular_cooperation_sufficient": pick(rng, FALSE_VALUES),
        "sectors_needed": sectors,
        "life_domains": domains,
        "help_status": help_status,
        "measures_status": measures,
        "crisis_partner": pick(rng, CRISIS_PARTNERS),
        "persons": make_persons(rng, label),
        "summary": make_summary(rng),
    }


def unset(rec, key, rng, allow_null=True):
    """Make a fact missing: leave the key out, or (sometimes) JSON null / an empty list.

    A None value is left out of the JSON unless the key is in rec["_null"]."""
    rec[key] = None
    r = rng.random()
    if allow_null and r < 0.15:
        rec.setdefault("_null", set()).add(key)
    elif allow_null and r < 0.3 and key in ("sectors_needed", "life_domains"):
        rec[key] = []


# Ways to make a criterion `unknown` (the referral lacks the fact).
def unk_channel(rec, rng):
    unset(rec, "channel", rng)


def unk_safety(rec, rng):
    if rng.random() < 0.7:
        rec["safety"] = spell(rng, SAFETY, "unknown")
    else:
        unset(rec, "safety", rng)
    if rng.random() < 0.6:  # no judgement of safety, often no crisis partner either
        unset(rec, "crisis_partner", rng)


def unk_regular(rec, rng):
    unset(rec, "regular_cooperation_sufficient", rng)


def unk_sectors(rec, rng):
    unset(rec, "sectors_needed", rng)


def unk_domains(rec, rng):
    unset(rec, "life_domains", rng)


def unk_help(rec, rng):
    r = rng.random()
    if r < 0.4:
        rec["help_status"] = spell(rng, HELP, "unknown")
        rec["measures_status"] = spell(rng, MEASURES, pick(rng, ["progressing", "none", "unknown"]))
    elif r < 0.7:
        rec["help_status"] = spell(rng, HELP, pick(rng, ["progressing", "none"]))
        unset(rec, "measures_status", rng)
    else:
        unset(rec, "help_status", rng)
        unset(rec, "measures_status", rng)


UNKNOWNS = [unk_channel, unk_safety, unk_regular, unk_sectors, unk_domains, unk_help]


# Ways to make one of criteria 3-7 fail.
def fail_safety(rec, rng):
    level = pick(rng, ["unsafe", "unsafe", "safe"])
    rec["safety"] = spell(rng, SAFETY, level)
    if level == "safe" or rng.random() < 0.3:
        unset(rec, "crisis_partner", rng, allow_null=False)


def fail_regular(rec, rng):
    rec["regular_cooperation_sufficient"] = pick(rng, TRUE_VALUES)


def fail_sectors(rec, rng):
    side = pick(rng, [["welfare", "health"], ["welfare"], ["health", "welfare"], ["police"],
                      ["police", "justice"]])
    rec["sectors_needed"] = [spell(rng, SECTORS, s) for s in side]


def fail_domains(rec, rng):
    code = weighted(rng, DOMAIN_WEIGHTS)
    spellings = DOMAINS[code]
    if rng.random() < 0.4 and len(set(spellings)) > 1:
        # two spellings of one domain: one distinct code after normalisation
        rec["life_domains"] = list(dict.fromkeys(spellings))[:2]
    else:
        rec["life_domains"] = [pick(rng, spellings)]


def fail_help(rec, rng):
    rec["help_status"] = spell(rng, HELP, pick(rng, ["progressing", "progressing", "none"]))
    rec["measures_status"] = spell(rng, MEASURES, pick(rng, ["progressing", "none"]))


FAILS = [fail_safety, fail_regular, fail_sectors, fail_domains, fail_help]
FAIL_WEIGHTS = [30, 15, 20, 15, 20]


def make_eligible(rng, region, label, with_crisis_partner):
    rec = base_professional(rng, region, label)
    if not with_crisis_partner:
        if rng.random() < 0.3:
            rec["crisis_partner"] = ""  # a JSON "" is missing too
        else:
            unset(rec, "crisis_partner", rng, allow_null=False)
    return rec


def make_incomplete(rng, region, label):
    rec = base_professional(rng, region, label)
    n = 1 if rng.random() < 0.7 else 2
    for how in rng.sample(UNKNOWNS, n):
        how(rec, rng)
    return rec


def make_not_eligible(rng, region, label):
    rec = base_professional(rng, region, label)
    hows = [rng.choices(FAILS, weights=FAIL_WEIGHTS)[0]]
    if rng.random() < 0.2:
        hows.append(pick(rng, [f for f in FAILS if f is not hows[0]]))
    for how in hows:
        how(rec, rng)
    if rng.random() < 0.15:  # a fail wins over an unknown (first match wins)
        untouched = {unk_channel: None, unk_regular: fail_regular, unk_domains: fail_domains}
        pick(rng, [u for u, f in untouched.items() if f not in hows])(rec, rng)
    return rec


def make_inadmissible(rng, region, label, citizen):
    rec = base_professional(rng, region, label)
    if citizen:
        rec["referrer"] = {"kind": pick(rng, CITIZEN_KINDS)}
        if rng.random() < 0.5:
            rec["referrer"]["name"] = f"Demo Citizen {label}"
        rec["channel"] = pick(rng, [None, None, "none", "geen"])
        # a citizen rarely knows the other facts
        for key in ["regular_cooperation_sufficient", "sectors_needed", "help_status",
                    "measures_status"]:
            rec[key] = None
        rec["safety"] = pick(rng, [None, "unknown", "onbekend", "very_unsafe"])
        # police already came by when it is very unsafe
        rec["crisis_partner"] = "politie" if rec["safety"] == "very_unsafe" else None
        rec["life_domains"] = rec["life_domains"][:rng.randint(1, 2)]
        rec["summary"] = pick(rng, CITIZEN_SUMMARIES)
    else:
        # a professional who did not go through a care partner, police or justice
        rec["referrer"]["partner"] = f"ocmw-{PROVINCES[region]}"
        rec["channel"] = pick(rng, ["none", "none", "geen"])
    return rec


def make_invalid(rng, region, label, what):
    rec = base_professional(rng, region, label)
    csv_variant = None
    if what == "unknown_safety":
        rec["safety"] = "dangerous"
    elif what == "misspelt_key":
        # JSONL: key "safty" instead of "safety"; CSV: an unknown enum value
        csv_variant = dict(rec)
        csv_variant["help_status"] = "blocked"
        rec["safty"] = rec.pop("safety")
    elif what == "future_date":
        rec["received"] = "2027-03-01"
    return rec, csv_variant


# ---------------------------------------------------------------------------
# An independent check of the intended outcomes (docs/screening.md).

def norm(value):
    return str(value).strip().lower().replace(" ", "_").replace("-", "_")


def alias_map(table):
    return {norm(s): code for code, spellings in table.items() for s in spellings}


SAFETY_N, HELP_N, MEASURES_N = alias_map(SAFETY), alias_map(HELP), alias_map(MEASURES)
SECTORS_N, DOMAINS_N = alias_map(SECTORS), alias_map(DOMAINS)
BOOL_N = {"true": True, "false": False, "yes": True, "no": False, "ja": True, "nee": False,
          "1": True, "0": False}
CHANNELS = {"vk", "caw", "opgroeien", "ggz", "justitiehuis", "politie", "parket"}
RECORD_KEYS = ["external_ref", "region", "received", "referrer", "channel", "safety", "safty",
               "regular_cooperation_sufficient", "sectors_needed", "life_domains",
               "help_status", "measures_status", "crisis_partner", "persons", "summary"]


def missing(v):
    return v is None or v == "" or v == []


def evaluate(rec):
    """(outcome, warnings) of a valid referral under the default parameters."""
    kind = norm(rec["referrer"]["kind"])
    v = {}
    v[1] = "pass" if kind in ("professional", "professioneel", "hulpverlener") else "fail"
    ch = rec.get("channel")
    v[2] = "unknown" if missing(ch) else ("fail" if norm(ch) in ("none", "geen") else "pass")
    if not missing(ch):
        assert norm(ch) in CHANNELS | {"none", "geen"}, ch
    s = None if missing(rec.get("safety")) else SAFETY_N[norm(rec["safety"])]
    v[3] = "unknown" if s in (None, "unknown") else ("pass" if s == "very_unsafe" else "fail")
    reg = rec.get("regular_cooperation_sufficient")
    reg = None if missing(reg) else BOOL_N[norm(reg)]
    v[4] = "unknown" if reg is None else ("fail" if reg else "pass")
    sec = {SECTORS_N[norm(x)] for x in rec.get("sectors_needed") or []}
    if not sec:
        v[5] = "unknown"
    else:
        v[5] = "pass" if sec & {"welfare", "health"} and sec & {"police", "justice"} else "fail"
    dom = {DOMAINS_N[norm(x)] for x in rec.get("life_domains") or []}
    v[6] = "unknown" if not dom else ("pass" if len(dom) >= 2 else "fail")
    h = None if missing(rec.get("help_status")) else HELP_N[norm(rec["help_status"])]
    m = None if missing(rec.get("measures_status")) else MEASURES_N[norm(rec["measures_status"])]
    if h in ("stuck", "no_perspective") or m in ("difficult", "no_perspective"):
        v[7] = "pass"
    elif h in (None, "unknown") or m in (None, "unknown"):
        v[7] = "unknown"
    else:
        v[7] = "fail"
    verdicts = [v[i] for i in range(1, 8)]
    if "fail" in verdicts[:2]:
        outcome = "inadmissible"
    elif "fail" in verdicts[2:]:
        outcome = "not_eligible"
    elif "unknown" in verdicts:
        outcome = "incomplete"
    else:
        outcome = "eligible"
    warnings = []
    if s in ("very_unsafe", "unsafe") and missing(rec.get("crisis_partner")):
        warnings.append("no_crisis_partner")
    return outcome, warnings


def check_against_config(records):
    """Every region and referrer partner must be configured in flanders.toml."""
    try:
        import tomllib  # Python 3.11+; skipped on older versions
    except ImportError:
        return
    config_path = HERE / "flanders.toml"
    if not config_path.exists():
        return
    with open(config_path, "rb") as f:
        config = tomllib.load(f)
    regions = {r["code"] for r in config["region"]}
    partners = {p["id"]: set(p["regions"]) for p in config["partner"]}
    assert regions == set(PROVINCES), regions
    for rec in records:
        region = rec["region"].upper()
        partner = rec["referrer"].get("partner")
        if partner is not None:
            assert region in partners[partner], (rec["external_ref"], partner)


# ---------------------------------------------------------------------------
# Output

def to_json_record(rec):
    out = {}
    for key, value in rec.items():
        if key.startswith("_") or (value is None and key not in rec.get("_null", ())):
            continue
        out[key] = value
    return out


def csv_cell(value):
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def to_csv_row(rec):
    referrer = rec["referrer"]
    persons = rec.get("persons") or []
    cells = {
        "external_ref": rec["external_ref"],
        "region": rec["region"],
        "received": rec["received"],
        "referrer_kind": referrer["kind"],
        "referrer_name": referrer.get("name"),
        "referrer_partner": referrer.get("partner"),
        "channel": rec.get("channel"),
        "safety": rec.get("safety"),
        "regular_cooperation_sufficient": rec.get("regular_cooperation_sufficient"),
        "sectors_needed": "|".join(rec.get("sectors_needed") or []),
        "life_domains": "|".join(rec.get("life_domains") or []),
        "help_status": rec.get("help_status"),
        "measures_status": rec.get("measures_status"),
        "crisis_partner": rec.get("crisis_partner"),
        "persons": "|".join(f"{p['role']}:{p.get('name', '')}:{p.get('birth_year', '')}"
                            for p in persons),
        "summary": rec.get("summary"),
    }
    for p in persons:
        assert "|" not in p.get("name", "") and ":" not in p.get("name", "")
    return [csv_cell(cells[c]) for c in CSV_COLUMNS]


def main():
    rng = random.Random(SEED)

    # 1. The intended outcome of each distinct referral, in random order.
    plan = []
    for outcome in ["eligible", "incomplete", "not_eligible", "inadmissible"]:
        plan += [outcome] * COUNTS[outcome]
    rng.shuffle(plan)
    no_cp = set(rng.sample([i for i, o in enumerate(plan) if o == "eligible"],
                           ELIGIBLE_WITHOUT_CRISIS_PARTNER))
    inadmissible_idx = [i for i, o in enumerate(plan) if o == "inadmissible"]
    citizens = set(rng.sample(inadmissible_idx, 10))  # the other 6: channel `none`

    records = []
    for i, outcome in enumerate(plan):
        region = weighted(rng, REGION_WEIGHTS)
        label = family_label(i + 1)
        if outcome == "eligible":
            rec = make_eligible(rng, region, label, i not in no_cp)
        elif outcome == "incomplete":
            rec = make_incomplete(rng, region, label)
        elif outcome == "not_eligible":
            rec = make_not_eligible(rng, region, label)
        else:
            rec = make_inadmissible(rng, region, label, i in citizens)
        rec["received"] = random_date(rng).isoformat()
        rec["_intended"] = outcome
        records.append(rec)

    # 2. In date order, as a registration system would export them.
    records.sort(key=lambda r: r["received"])

    # 3. Three invalid records, spread through the file.
    invalid_kinds = ["unknown_safety", "misspelt_key", "future_date"]
    for n, (what, pos) in enumerate(zip(invalid_kinds, [41, 97, 160])):
        region = weighted(rng, REGION_WEIGHTS)
        rec, csv_variant = make_invalid(rng, region, family_label(300 + n), what)
        if "received" not in rec:
            rec["received"] = records[pos - 1]["received"]
        rec["_intended"] = "invalid"
        if csv_variant is not None:
            csv_variant["received"] = rec["received"]
            rec["_csv"] = csv_variant
        records.insert(pos, rec)

    # 4. Distinct external references, then key order as in formats.md.
    for n, rec in enumerate(records, start=1):
        rec["external_ref"] = f"DEMO-{n:04d}"
    # Show that region codes are matched case-insensitively.
    for rec in rng.sample([r for r in records if r["_intended"] != "invalid"], 4):
        rec["region"] = rec["region"].lower()

    # 5. Two duplicates: an earlier reference sent again in the same region.
    originals = [r for r in records[:120] if r["_intended"] == "eligible"]
    first, second = rng.sample(originals, 2)
    dup1 = copy.deepcopy(first)
    dup1["_intended"] = "duplicate"  # the same referral, sent a second time
    dup2 = copy.deepcopy(second)
    dup2["_intended"] = "duplicate"  # a resend with other facts: nothing is changed
    dup2["received"] = LAST_DAY.isoformat()
    dup2["summary"] = "Resent by the referrer with an updated summary; situation unchanged."
    for dup, original in [(dup1, first), (dup2, second)]:
        pos = records.index(original) + 1 + rng.randint(20, 60)
        records.insert(min(pos, len(records)), dup)

    ordered = []
    for rec in records:
        out = {k: rec[k] for k in RECORD_KEYS if k in rec}
        out.update({k: v for k, v in rec.items() if k not in out})  # e.g. "safty"
        ordered.append(out)
    records = ordered

    # 6. Check the intentions against the rules.
    seen = set()
    tally = {k: 0 for k in COUNTS}
    warnings = 0
    for rec in records:
        intended = rec["_intended"]
        key = (rec["region"].upper(), rec["external_ref"])
        if intended == "invalid":
            tally["invalid"] += 1
            continue
        assert FIRST_DAY.isoformat() <= rec["received"] <= LAST_DAY.isoformat()
        assert rec["region"].upper() in PROVINCES
        partner = rec["referrer"].get("partner")
        assert partner is None or partner == "jh-vlaanderen" or \
            partner.endswith("-" + PROVINCES[rec["region"].upper()]), partner
        for p in rec.get("persons") or []:
            assert 1950 <= p.get("birth_year", 1950) <= 2025
        if key in seen:
            assert intended == "duplicate", key
            tally["duplicate"] += 1
            continue
        assert intended != "duplicate"
        seen.add(key)
        outcome, warns = evaluate(to_json_record(rec))
        assert outcome == intended, (rec["external_ref"], outcome, intended)
        tally[outcome] += 1
        warnings += len(warns)
    assert tally == COUNTS, tally
    check_against_config(records)

    # 7. Write the files.
    jsonl = io.StringIO()
    for rec in records:
        jsonl.write(json.dumps(to_json_record(rec), ensure_ascii=False) + "\n")
    (HERE / "referrals.jsonl").write_text(jsonl.getvalue(), encoding="utf-8", newline="\n")

    with open(HERE / "referrals.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(CSV_COLUMNS)
        for rec in records:
            if "_csv" in rec:  # the misspelt-key record: an unknown enum value instead
                rec = dict(rec["_csv"], external_ref=rec["external_ref"])
            writer.writerow(to_csv_row(rec))

    # 8. Report what was intended.
    total = len(records)
    print(f"wrote {HERE / 'referrals.jsonl'} and {HERE / 'referrals.csv'}: {total} records each")
    print("intended outcomes (same for both files):")
    for outcome in ["eligible", "incomplete", "not_eligible", "inadmissible", "invalid",
                    "duplicate"]:
        print(f"  {outcome:<13} {COUNTS[outcome]:4d}  ({100 * COUNTS[outcome] / total:.1f}%)")
    print(f"  {'total':<13} {total:4d}")
    print(f"intended warnings: no_crisis_partner on {warnings} registered records")
    print("invalid on purpose: unknown safety 'dangerous'; misspelt key 'safty' "
          "(CSV: help_status 'blocked'); received 2027-03-01 (in the future)")
    print(f"dates assume today = {TODAY.isoformat()} (IFG_NOW); a second run of the "
          "batch reports every valid record as duplicate")
    return 0


if __name__ == "__main__":
    sys.exit(main())

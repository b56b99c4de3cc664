// SPDX-License-Identifier: EUPL-1.2
#include "store_audit.h"

#include <algorithm>
#include <array>

#include "crypto.h"
#include "i18n.h"
#include "store_sql.h"
#include "text.h"

namespace ifg::detail {

namespace {

constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The SQL of the triggers that keep the trail's rows as written. Schema 7
/// lets purge clear a justification and its salt, and nothing else.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kTriggers = {{
    {"events_no_update",
     "CREATE TRIGGER events_no_update BEFORE UPDATE ON events WHEN NEW.id IS NOT OLD.id "
     "OR NEW.case_id IS NOT OLD.case_id OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor "
     "OR NEW.action IS NOT OLD.action OR NEW.details IS NOT OLD.details "
     "OR NEW.kind IS NOT OLD.kind OR NEW.prev_hash IS NOT OLD.prev_hash "
     "OR NEW.hash IS NOT OLD.hash OR NEW.format IS NOT OLD.format "
     "OR NEW.facts IS NOT OLD.facts OR NEW.clock IS NOT OLD.clock "
     "OR NEW.justification IS NOT NULL OR NEW.jsalt IS NOT NULL "
     "OR (NEW.jcommit IS NOT OLD.jcommit AND NOT (OLD.format = 1 AND NEW.jcommit = 'purged')) "
     "BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END"},
    {"events_no_delete",
     "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
     "SELECT RAISE(ABORT, 'audit entries cannot be removed'); END"},
    {"batch_events_no_update",
     "CREATE TRIGGER batch_events_no_update BEFORE UPDATE ON batch_events BEGIN "
     "SELECT RAISE(ABORT, 'audit entries cannot be changed'); END"},
    {"batch_events_no_delete",
     "CREATE TRIGGER batch_events_no_delete BEFORE DELETE ON batch_events BEGIN "
     "SELECT RAISE(ABORT, 'audit entries cannot be removed'); END"},
}};

/// What a purge leaves in jcommit of an entry of format 1.
constexpr std::string_view kPurgedLegacy = "purged";

/// How many rows' facts one baseline entry holds.
constexpr std::size_t kBaselineRows = 500;

/// A length-prefixed field of a hashed text; "-;" for none.
void add_field(std::string& out, const std::optional<std::string_view>& v) {
  if (!v) {
    out += "-;";
    return;
  }
  out += fmt::format("{}:{};", v->size(), *v);
}

std::optional<std::string_view> opt(const std::optional<std::string>& v) {
  return v ? std::optional<std::string_view>(*v) : std::nullopt;
}

}  // namespace

/// One entry's columns, as the hash covers them.
struct EntryText {
  long id = 0;
  std::optional<std::string> case_id;
  std::string at;
  std::optional<std::string> actor;
  std::string kind;
  std::string action;
  std::string details;
  std::optional<std::string> justification;
  int format = 2;
  std::optional<std::string> jcommit, facts, clock;
};

namespace {

/// The text an entry's hash covers: every column but the hash itself, each
/// length-prefixed so that no two different entries give the same text.
/// Format 1 (before schema 7) covers the justification's text; format 2 its
/// commitment, the facts and the clock's reading, after a "2" of its own.
std::string chain_text(const EntryText& e, std::string_view prev_hash) {
  std::string out;
  if (e.format == 2) add_field(out, "2");
  add_field(out, std::to_string(e.id));
  add_field(out, opt(e.case_id));
  add_field(out, e.at);
  add_field(out, opt(e.actor));
  add_field(out, e.kind);
  add_field(out, e.action);
  add_field(out, e.details);
  if (e.format == 1) {
    add_field(out, opt(e.justification));
  } else {
    add_field(out, opt(e.jcommit));
    add_field(out, opt(e.facts));
    add_field(out, opt(e.clock));
  }
  add_field(out, prev_hash);
  return out;
}

/// The text a batch record's hash covers: its chunk, position and facts,
/// length-prefixed like an entry's.
std::string record_text(long chunk, long seq, std::string_view case_id,
                        std::string_view external_ref, std::string_view outcome,
                        const std::optional<std::string>& facts) {
  std::string out = fmt::format("{}:{};{}:{};{}:{};{}:{};{}:{};", std::to_string(chunk).size(),
                                chunk, std::to_string(seq).size(), seq, case_id.size(), case_id,
                                external_ref.size(), external_ref, outcome.size(), outcome);
  if (facts) add_field(out, *facts);  // schema 7
  return out;
}

/// A member of a small JSON object written by this file, as text: a string's
/// characters or a number's digits. Details of batch entries need no parser.
std::optional<std::string> json_text_member(std::string_view json, std::string_view key) {
  const std::string quoted = fmt::format("\"{}\":", key);
  auto at = json.find(quoted);
  if (at == std::string_view::npos) return std::nullopt;
  at += quoted.size();
  if (at < json.size() && json[at] == '"') {
    const auto end = json.find('"', at + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(json.substr(at + 1, end - at - 1));
  }
  const auto end = json.find_first_of(",}", at);
  return std::string(json.substr(at, end == std::string_view::npos ? end : end - at));
}

std::string entry_hash(const EntryText& e, std::string_view prev_hash) {
  return sha256_hex(chain_text(e, prev_hash));
}

/// The columns read_entry() reads, in its order.
#define IFG_ENTRY_COLUMNS                                                                  \
  "id, case_id, at, actor, kind, action, details, justification, format, jcommit, facts, " \
  "clock"

/// An entry read from the columns IFG_ENTRY_COLUMNS names, from column 0 of
/// `q`; with `v1`, only the first eight (schema 3 to 6), as format 1.
EntryText read_entry(Statement& q, bool v1 = false) {
  EntryText e{static_cast<long>(q.getColumn(0).getInt64()),
              opt_text(q.getColumn(1)),
              q.getColumn(2).getString(),
              opt_text(q.getColumn(3)),
              q.getColumn(4).getString(),
              q.getColumn(5).getString(),
              q.getColumn(6).getString(),
              opt_text(q.getColumn(7)),
              1,
              {},
              {},
              {}};
  if (v1) return e;
  e.format = q.getColumn(8).getInt();
  e.jcommit = opt_text(q.getColumn(9));
  e.facts = opt_text(q.getColumn(10));
  e.clock = opt_text(q.getColumn(11));
  return e;
}

}  // namespace

void AuditLog::read_tail() {
  if (tail_) return;
  // On PostgreSQL the policies let a login read only some entries: the tail
  // is read by a function that sees them all (lib/pg/policies.sql).
  auto& last = c_.stmt("SELECT id, hash, at FROM events ORDER BY id DESC LIMIT 1",
                       "SELECT id, hash, at FROM ifg_chain_tail() WHERE id IS NOT NULL");
  ResetGuard g{last};
  tail_.emplace(Tail{0, std::string(kGenesis), ""});
  if (last.executeStep()) {
    tail_->id = static_cast<long>(last.getColumn(0).getInt64());
    if (!last.getColumn(1).isNull()) tail_->hash = last.getColumn(1).getString();
    tail_->at = last.getColumn(2).getString();
  }
}

void AuditLog::append(const std::optional<std::string>& case_id, const std::string& at,
                      const std::optional<std::string>& actor, std::string_view action,
                      const std::string& details_json, std::string_view kind) {
  read_tail();
  EntryText e{tail_->id + 1,
              case_id,
              at,
              actor,
              std::string(kind),
              std::string(action),
              details_json,
              justification_,
              2,
              {},
              {},
              {}};
  if (at < tail_->at) {  // the clock runs behind the trail: keep its reading, not its time
    e.clock = at;
    e.at = tail_->at;
  }
  std::optional<std::string> jsalt;
  if (justification_) {
    jsalt = random_bytes(16);
    e.jcommit = commitment(*jsalt, *justification_);
  }
  if (case_id && kind == kChange) mark_activity(*case_id, e.at);
  e.facts = state_.take_facts();
  const std::string hash = entry_hash(e, tail_->hash);
  insert(e, hash, jsalt);
  tail_.emplace(Tail{e.id, hash, e.at});
}

void AuditLog::mark_activity(const std::string& case_id, const std::string& at) {
  auto& s = c_.stmt("UPDATE cases SET last_activity = ? WHERE id = ?");
  ResetGuard g{s};
  s.bind(1, at);
  s.bind(2, case_id);
  s.exec();
}

void AuditLog::insert(const EntryText& e, const std::string& hash,
                      const std::optional<std::string>& jsalt) {
  auto& s = c_.stmt(
      "INSERT INTO events(id, case_id, at, actor, action, details, kind, justification, "
      "prev_hash, hash, format, jcommit, jsalt, facts, clock) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?, ?, ?, ?)");
  s.bind(1, static_cast<int64_t>(e.id));
  bind_opt(s, 2, e.case_id);
  s.bind(3, e.at);
  bind_opt(s, 4, e.actor);
  s.bind(5, e.action);
  s.bind(6, e.details);
  s.bind(7, e.kind);
  bind_opt(s, 8, e.justification);
  s.bind(9, tail_->hash);
  s.bind(10, hash);
  bind_opt(s, 11, e.jcommit);
  if (jsalt)
    s.bind_blob(12, *jsalt);
  else
    s.bind(12);
  bind_opt(s, 13, e.facts);
  bind_opt(s, 14, e.clock);
  s.exec();
}

void AuditLog::append_baseline(const std::string& at) {
  state_.load(/*again=*/true);
  for (const auto& facts : state_.all_facts(kBaselineRows)) {
    read_tail();
    EntryText e{tail_->id + 1,
                std::nullopt,
                at,
                std::nullopt,
                std::string(kChange),
                "state_baseline",
                "{}",
                std::nullopt,
                2,
                {},
                {},
                {}};
    if (at < tail_->at) {
      e.clock = at;
      e.at = tail_->at;
    }
    e.facts = facts;
    const std::string hash = entry_hash(e, tail_->hash);
    insert(e, hash, std::nullopt);
    tail_.emplace(Tail{e.id, hash, e.at});
  }
}

void AuditLog::forget_justifications(const std::string& case_id) {
  auto& s = c_.stmt(
      "UPDATE events SET justification = NULL, jsalt = NULL, "
      "jcommit = CASE format WHEN 1 THEN 'purged' ELSE jcommit END "
      "WHERE justification IS NOT NULL AND (case_id = ?1 OR id = "
      "(SELECT batch_chunk FROM cases WHERE id = ?1))");
  s.bind(1, case_id);
  s.exec();
}

void AuditLog::create_triggers() {
  for (const auto& [name, sql] : kTriggers) {
    c_.exec(fmt::format("DROP TRIGGER IF EXISTS {}", name).c_str());
    c_.exec(std::string(sql).c_str());
  }
}

long AuditLog::begin_chunk() {
  read_tail();
  chunk_hashes_.clear();
  chunk_records_ = 0;
  return tail_->id + 1;
}

void AuditLog::add_record(long chunk, int seq, const std::string& case_id,
                          const std::string& external_ref, Outcome outcome) {
  const std::string_view code = to_string(outcome);
  const std::size_t at = chunk_hashes_.size();
  const auto facts = state_.take_facts(true);  // digests: a batch writes no second copy of its rows
  sha256_append(record_text(chunk, seq, case_id, external_ref, code, facts), chunk_hashes_);
  auto& s = c_.stmt(
      "INSERT INTO batch_events(chunk, seq, case_id, external_ref, outcome, hash, facts) "
      "VALUES(?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, static_cast<int64_t>(chunk));
  s.bind(2, seq);
  s.bind(3, case_id);
  s.bind(4, external_ref);
  s.bind(5, std::string(code));
  s.bind_blob(6, std::string_view(reinterpret_cast<const char*>(chunk_hashes_.data() + at), 32));
  bind_opt(s, 7, facts);
  s.exec();
  ++chunk_records_;
}

void AuditLog::end_chunk(long chunk, const std::string& at, const std::string& actor,
                         const std::string& ruleset) {
  read_tail();
  if (chunk != tail_->id + 1)
    throw Error(ErrorCode::kInternal, tr("an audit entry was appended inside a batch chunk"));
  append(std::nullopt, at, actor, "batch",
         fmt::format(R"({{"records":{},"root":"{}","ruleset":"{}"}})", chunk_records_,
                     sha256_hex(chunk_hashes_), ruleset));
  chunk_hashes_.clear();
  chunk_records_ = 0;
}

void AuditLog::chain_existing() {
  Statement q(c_,
              "SELECT id, case_id, at, actor, kind, action, details, justification "
              "FROM events ORDER BY id");
  Statement u(c_, "UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?");
  std::string prev(kGenesis);
  while (q.executeStep()) {
    const EntryText e = read_entry(q, true);
    const std::string hash = entry_hash(e, prev);
    u.reset();
    u.bind(1, prev);
    u.bind(2, hash);
    u.bind(3, static_cast<int64_t>(e.id));
    u.exec();
    prev = hash;
  }
  // The triggers as schema 3 made them; schema 7 replaces them (create_triggers()).
  c_.exec(
      "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
      "SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;"
      "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
      "SELECT RAISE(ABORT, 'audit entries cannot be removed'); END;");
}

AuditHead AuditLog::head() {
  auto& s =
      c_.stmt("SELECT count(*), (SELECT hash FROM events ORDER BY id DESC LIMIT 1) FROM events",
              "SELECT entries, hash FROM ifg_chain_head()");
  ResetGuard g{s};
  s.executeStep();
  AuditHead h;
  h.entries = static_cast<long>(s.getColumn(0).getInt64());
  h.head = s.getColumn(1).isNull() ? std::string(kGenesis) : s.getColumn(1).getString();
  return h;
}

namespace {

/// The first problem of the entry `e` read by verify's query `q`, following
/// `prev`; none when it verifies. Counts format-1 entries that purge changed.
std::optional<std::string> entry_problem(Statement& q, const EntryText& e, const std::string& prev,
                                         bool& new_format_seen, long& legacy_purged) {
  if (opt_text(q.getColumn(13)).value_or("") != prev)
    return trf(
        "entry {} does not follow the entry before it: an entry was removed or inserted before "
        "it, or entries were reordered",
        e.id);
  if (e.format != 1 && e.format != 2)
    return trf("entry {} has format {}, which this ifg does not know", e.id, e.format);
  if (e.format == 1 && new_format_seen)
    return trf(
        "entry {} claims the format of entries before schema 7, after entries of "
        "the new format: it was altered",
        e.id);
  new_format_seen = e.format == 2;
  if (e.format == 1 && e.jcommit == kPurgedLegacy && !e.justification) {
    ++legacy_purged;  // its hash covered the text purge removed
    return std::nullopt;
  }
  if (opt_text(q.getColumn(14)).value_or("") != entry_hash(e, prev))
    return trf("entry {} was altered after it was written", e.id);
  if (e.format == 2 && e.justification) {
    const auto salt = q.getColumn(12);
    const std::string_view bytes = salt.getView();
    if (commitment(bytes, *e.justification) != e.jcommit)
      return trf("the justification of entry {} was altered after it was written", e.id);
  }
  return std::nullopt;
}

}  // namespace

void AuditLog::require_whole_trail() {
  if (c_.engine() != Engine::kPostgresql) return;
  // Row-level security shows a login the entries of their own cases only,
  // and none of the trail's facts (lib/pg/policies.sql, store_roles.cpp):
  // the chain can be followed by one who sees it all.
  Statement q(c_,
              "SELECT h.entries + h.records, CASE WHEN has_column_privilege('events', 'facts', "
              "'SELECT') THEN (SELECT count(*) FROM events) + (SELECT count(*) FROM batch_events) "
              "ELSE 0 END FROM ifg_chain_head() h");
  q.executeStep();
  const auto all = q.getColumn(0).getInt64(), seen = q.getColumn(1).getInt64();
  if (seen < all)
    throw Error(ErrorCode::kAccessDenied,
                trf("this login sees {} of the trail's {} entries and batch records, so it "
                    "cannot verify the chain; run audit verify as the database's administrator, "
                    "who owns ifg's "
                    "tables (docs/deployment.md)",
                    seen, all));
}

AuditVerification AuditLog::verify(bool state) {
  require_whole_trail();
  Statement q(c_, "SELECT " IFG_ENTRY_COLUMNS ", jsalt, prev_hash, hash FROM events ORDER BY id");
  AuditVerification v;
  std::string prev(kGenesis);
  long count = 0;
  bool new_format = false;
  while (q.executeStep()) {
    const EntryText e = read_entry(q);
    auto problem = entry_problem(q, e, prev, new_format, v.legacy_purged);
    if (!problem && e.action == "batch" && !e.case_id) problem = chunk_problem(e.id, e.details);
    if (problem) {
      v.intact = false;
      v.first_broken = e.id;
      v.problem = std::move(*problem);
      break;
    }
    prev = q.getColumn(14).getString();
    ++count;
  }
  v.head = {count, prev};
  if (auto stray = v.intact ? stray_record() : std::nullopt) {
    v.intact = false;
    v.first_broken = stray->first;
    v.problem = std::move(stray->second);
  }
  if (state && v.intact) {
    v.state_checked = true;
    v.state = triggers_problem();
    if (!v.state) v.state = state_.verify(v.rows_checked);
  }
  return v;
}

std::optional<StateMismatch> AuditLog::triggers_problem() {
  if (c_.engine() == Engine::kPostgresql) return pg_triggers_problem();
  auto& q = c_.stmt("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
  for (const auto& [name, sql] : kTriggers) {
    q.reset();
    q.bind(1, std::string(name));
    ResetGuard g{q};
    const bool found = q.executeStep();
    if (found && q.getColumn(0).getString() == sql) continue;
    return StateMismatch{"sqlite_master", fmt::format(R"(["{}"])", name), "sql", std::nullopt,
                         found ? tr("the trigger was changed: the trail's rows could be changed")
                               : tr("the trigger was dropped: the trail's rows could be changed")};
  }
  return std::nullopt;
}

std::optional<StateMismatch> AuditLog::pg_triggers_problem() {
  // lib/pg/schema.sql's triggers: each enabled, BEFORE the change it refuses
  // (tgtype: 1 row, 2 before, 8 delete, 16 update, 32 truncate), calling the
  // function that refuses it. PostgreSQL keeps no text of them to compare, as
  // sqlite_master does (its deparsed WHEN differs between versions).
  struct Guard {
    std::string_view name, function;
    int type;
  };
  constexpr std::array<Guard, 6> kPgTriggers = {{
      {"events_no_update", "audit_entries_cannot_be_changed", 19},
      {"events_no_delete", "audit_entries_cannot_be_removed", 11},
      {"events_no_truncate", "audit_entries_cannot_be_removed", 34},
      {"batch_events_no_update", "audit_entries_cannot_be_changed", 19},
      {"batch_events_no_delete", "audit_entries_cannot_be_removed", 11},
      {"batch_events_no_truncate", "audit_entries_cannot_be_removed", 34},
  }};
  auto& q = c_.stmt(
      "SELECT g.tgenabled IN ('O', 'A') AND p.proname = ?2 AND g.tgtype = ?3 "
      "FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
      "JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace "
      "JOIN pg_catalog.pg_proc p ON p.oid = g.tgfoid "
      "WHERE s.nspname = pg_catalog.current_schema() AND g.tgname = ?1");
  for (const auto& [name, function, type] : kPgTriggers) {
    q.reset();
    q.bind(1, name);
    q.bind(2, function);
    q.bind(3, type);
    ResetGuard g{q};
    const bool found = q.executeStep();
    if (found && q.getColumn(0).getInt() != 0) continue;
    return StateMismatch{"pg_trigger", fmt::format(R"(["{}"])", name), std::nullopt, std::nullopt,
                         found ? tr("the trigger was changed: the trail's rows could be changed")
                               : tr("the trigger was dropped: the trail's rows could be changed")};
  }
  return std::nullopt;
}

std::optional<std::string> AuditLog::chunk_problem(long id, const std::string& details) {
  const auto root = json_text_member(details, "root");
  const auto records = json_text_member(details, "records");
  Statement q(c_,
              "SELECT seq, case_id, external_ref, outcome, hash, facts FROM batch_events "
              "WHERE chunk = ? ORDER BY seq");
  q.bind(1, static_cast<int64_t>(id));
  std::string hashes;
  long expected_seq = 1;
  while (q.executeStep()) {
    const long seq = static_cast<long>(q.getColumn(0).getInt64());
    const std::string case_id = q.getColumn(1).getString();
    if (seq != expected_seq)
      return trf(
          "batch entry {}: record {} is missing or out of place (found record {}, "
          "case {})",
          id, expected_seq, seq, case_id);
    const auto stored = q.getColumn(4);
    const std::string_view stored_hash = stored.getView();
    const std::size_t at = hashes.size();
    sha256_append(record_text(id, seq, case_id, q.getColumn(2).getString(),
                              q.getColumn(3).getString(), opt_text(q.getColumn(5))),
                  hashes);
    if (std::string_view(hashes).substr(at) != stored_hash)
      return trf("batch entry {}: record {} (case {}) was altered after it was written", id, seq,
                 case_id);
    ++expected_seq;
  }
  if (!records || std::to_string(expected_seq - 1) != *records)
    return trf(
        "batch entry {}: it covers {} records, the trail holds {}: a record was "
        "removed or added at the end",
        id, records.value_or("?"), expected_seq - 1);
  if (!root || sha256_hex(hashes) != *root)
    return trf("batch entry {}: its records do not hash to the root it chained", id);
  return std::nullopt;
}

std::optional<std::pair<long, std::string>> AuditLog::stray_record() {
  Statement q(c_,
              "SELECT b.chunk, b.seq, b.case_id FROM batch_events b LEFT JOIN events e "
              "ON e.id = b.chunk AND e.action = 'batch' AND e.case_id IS NULL "
              "WHERE e.id IS NULL LIMIT 1");
  if (!q.executeStep()) return std::nullopt;
  const long chunk = static_cast<long>(q.getColumn(0).getInt64());
  return std::pair{chunk, trf("record {} (case {}) names batch entry {}, which the trail "
                              "does not hold: it was inserted",
                              q.getColumn(1).getInt64(), q.getColumn(2).getString(), chunk)};
}

namespace {

/// Whether a coordinator of `regions` is shown the entry in `q`'s columns 9,
/// 11 and 12 (see entries()): one that names a case, as its case or in its
/// details (a denied probe of a case that does not exist, an `audit show` of
/// a case), when the case lies in `regions`, or for an id of no case, the
/// region the id names; a batch chunk's entry when all its records' cases do;
/// an entry that names no case (a configuration load) always.
bool shown(Statement& q, const std::vector<std::string>& regions) {
  auto in = [&](const std::string& region) {
    return std::find(regions.begin(), regions.end(), region) != regions.end();
  };
  if (!q.getColumn(9).isNull()) return in(q.getColumn(9).getString());
  if (!q.getColumn(11).isNull()) {
    const auto region = case_id_region(q.getColumn(11).getString());
    return !region || in(*region);
  }
  if (q.getColumn(12).isNull()) return true;
  const auto chunk_regions = split(q.getColumn(12).getString(), ',');
  return std::all_of(chunk_regions.begin(), chunk_regions.end(), in);
}

}  // namespace

// The case an entry names: its own, or the one its details name.
#define IFG_NAMED_CASE                                                                \
  "coalesce(e.case_id, CASE WHEN json_valid(e.details) THEN json_extract(e.details, " \
  "'$.case') END)"

// The entries' query, with the SQL that gives the regions of a batch chunk's records.
#define IFG_ENTRIES(CHUNK_REGIONS)                                                        \
  "SELECT e.id, e.at, e.actor, e.kind, e.action, e.case_id, e.details, e.justification, " \
  "e.hash, c.region, 0, CASE WHEN c.id IS NULL THEN " IFG_NAMED_CASE                      \
  " END, CASE WHEN e.action = 'batch' AND e.case_id IS NULL THEN " CHUNK_REGIONS          \
  " END "                                                                                 \
  "FROM events e LEFT JOIN cases c ON c.id = " IFG_NAMED_CASE                             \
  " WHERE (?1 IS NULL OR e.case_id = ?1) AND (?2 IS NULL OR e.actor = ?2) "               \
  "AND (?3 IS NULL OR substr(e.at, 1, 10) >= ?3) UNION ALL "                              \
  "SELECT e.id, e.at, e.actor, 'change', 'registered', b.case_id, " IFG_BATCH_DETAILS     \
  ", e.justification, lower(hex(b.hash)), c.region, b.seq, NULL, NULL FROM cases c "      \
  "JOIN batch_events b ON b.chunk = c.batch_chunk AND b.seq = c.batch_seq "               \
  "JOIN events e ON e.id = b.chunk "                                                      \
  "WHERE (?1 IS NULL OR c.id = ?1) AND (?2 IS NULL OR e.actor = ?2) "                     \
  "AND (?3 IS NULL OR substr(e.at, 1, 10) >= ?3) ORDER BY 1, 11"

std::vector<AuditEntry> AuditLog::entries(const AuditFilter& f,
                                          const std::vector<std::string>& regions) {
  // The entries of the events table, and each record of a batch chunk as an
  // entry of its own (its chunk's id, time, actor and justification, and the
  // record's hash), after its chunk's entry. Column 9 is the region of the
  // case an entry names, 11 the id it names when no case has it, 12 the
  // regions of a chunk's records.
  Statement q(
      c_,
      c_.engine() == Engine::kSqlite
          ? IFG_ENTRIES("(SELECT group_concat(DISTINCT r.region) FROM batch_events b JOIN cases "
                        "r ON r.id = b.case_id WHERE b.chunk = e.id)")
          // all the chunk's records, also those of cases the login does not see
          : IFG_ENTRIES("ifg_chunk_regions(e.id)"));
  bind_opt(q, 1, f.case_id);
  bind_opt(q, 2, f.actor);
  if (f.since) q.bind(3, f.since->to_string());
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    if (!shown(q, regions)) continue;
    out.push_back({static_cast<long>(q.getColumn(0).getInt64()), q.getColumn(1).getString(),
                   opt_text(q.getColumn(2)), q.getColumn(3).getString(), q.getColumn(4).getString(),
                   opt_text(q.getColumn(5)), q.getColumn(6).getString(), opt_text(q.getColumn(7)),
                   q.getColumn(8).isNull() ? "" : q.getColumn(8).getString()});
  }
  return out;
}

#undef IFG_ENTRIES
#undef IFG_NAMED_CASE

}  // namespace ifg::detail

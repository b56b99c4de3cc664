#include "store_audit.h"

#include <algorithm>

#include "crypto.h"
#include "store_sql.h"

namespace ifg::detail {

namespace {

constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

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
};

/// The text an entry's hash covers: every column but the hash itself, each
/// length-prefixed so that no two different entries give the same text.
std::string chain_text(const EntryText& e, std::string_view prev_hash) {
  std::string out;
  auto field = [&out](const std::optional<std::string_view>& v) {
    if (!v) {
      out += "-;";
      return;
    }
    out += fmt::format("{}:{};", v->size(), *v);
  };
  auto opt = [](const std::optional<std::string>& v) {
    return v ? std::optional<std::string_view>(*v) : std::nullopt;
  };
  field(std::to_string(e.id));
  field(opt(e.case_id));
  field(e.at);
  field(opt(e.actor));
  field(e.kind);
  field(e.action);
  field(e.details);
  field(opt(e.justification));
  field(prev_hash);
  return out;
}

std::string entry_hash(const EntryText& e, std::string_view prev_hash) {
  return sha256_hex(chain_text(e, prev_hash));
}

/// An entry read from columns 0-7 of `q`: id, case_id, at, actor, kind, action,
/// details, justification.
EntryText read_entry(SQLite::Statement& q) {
  return {static_cast<long>(q.getColumn(0).getInt64()),
          opt_text(q.getColumn(1)),
          q.getColumn(2).getString(),
          opt_text(q.getColumn(3)),
          q.getColumn(4).getString(),
          q.getColumn(5).getString(),
          q.getColumn(6).getString(),
          opt_text(q.getColumn(7))};
}

}  // namespace

void AuditLog::append(const std::optional<std::string>& case_id, const std::string& at,
                      const std::optional<std::string>& actor, std::string_view action,
                      const std::string& details_json, std::string_view kind) {
  if (!tail_) {
    auto& last = c_.stmt("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1");
    ResetGuard g{last};
    tail_.emplace(0, kGenesis);
    if (last.executeStep()) {
      tail_->first = static_cast<long>(last.getColumn(0).getInt64());
      if (!last.getColumn(1).isNull()) tail_->second = last.getColumn(1).getString();
    }
  }
  const EntryText e{
      tail_->first + 1, case_id,       at, actor, std::string(kind), std::string(action),
      details_json,     justification_};
  const std::string hash = entry_hash(e, tail_->second);
  auto& s = c_.stmt(
      "INSERT INTO events(id, case_id, at, actor, action, details, kind, justification, "
      "prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, static_cast<int64_t>(e.id));
  bind_opt(s, 2, e.case_id);
  s.bind(3, e.at);
  bind_opt(s, 4, e.actor);
  s.bind(5, e.action);
  s.bind(6, e.details);
  s.bind(7, e.kind);
  bind_opt(s, 8, e.justification);
  s.bind(9, tail_->second);
  s.bind(10, hash);
  s.exec();
  tail_.emplace(e.id, hash);
}

void AuditLog::chain_existing() {
  SQLite::Statement q(c_.db(),
                      "SELECT id, case_id, at, actor, kind, action, details, justification "
                      "FROM events ORDER BY id");
  SQLite::Statement u(c_.db(), "UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?");
  std::string prev(kGenesis);
  while (q.executeStep()) {
    const EntryText e = read_entry(q);
    const std::string hash = entry_hash(e, prev);
    u.reset();
    u.bind(1, prev);
    u.bind(2, hash);
    u.bind(3, static_cast<int64_t>(e.id));
    u.exec();
    prev = hash;
  }
  c_.exec(
      "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
      "SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;"
      "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
      "SELECT RAISE(ABORT, 'audit entries cannot be removed'); END;");
}

AuditHead AuditLog::head() {
  auto& s =
      c_.stmt("SELECT count(*), (SELECT hash FROM events ORDER BY id DESC LIMIT 1) FROM events");
  ResetGuard g{s};
  s.executeStep();
  AuditHead h;
  h.entries = static_cast<long>(s.getColumn(0).getInt64());
  h.head = s.getColumn(1).isNull() ? std::string(kGenesis) : s.getColumn(1).getString();
  return h;
}

AuditVerification AuditLog::verify() {
  SQLite::Statement q(c_.db(),
                      "SELECT id, case_id, at, actor, kind, action, details, justification, "
                      "prev_hash, hash FROM events ORDER BY id");
  AuditVerification v;
  std::string prev(kGenesis);
  long count = 0;
  while (q.executeStep()) {
    const EntryText e = read_entry(q);
    auto broken = [&](std::string problem) {
      v.intact = false;
      v.first_broken = e.id;
      v.problem = std::move(problem);
    };
    if (opt_text(q.getColumn(8)).value_or("") != prev) {
      broken(
          fmt::format("entry {} does not follow the entry before it: an entry was removed or "
                      "inserted before it, or entries were reordered",
                      e.id));
      break;
    }
    const std::string hash = entry_hash(e, prev);
    if (opt_text(q.getColumn(9)).value_or("") != hash) {
      broken(fmt::format("entry {} was altered after it was written", e.id));
      break;
    }
    prev = hash;
    ++count;
  }
  v.head = {count, prev};
  return v;
}

std::vector<AuditEntry> AuditLog::entries(const AuditFilter& f,
                                          const std::vector<std::string>& regions) {
  SQLite::Statement q(c_.db(),
                      "SELECT e.id, e.at, e.actor, e.kind, e.action, e.case_id, e.details, "
                      "e.justification, e.hash, c.region FROM events e "
                      "LEFT JOIN cases c ON c.id = e.case_id "
                      "WHERE (?1 IS NULL OR e.case_id = ?1) AND (?2 IS NULL OR e.actor = ?2) "
                      "AND (?3 IS NULL OR substr(e.at, 1, 10) >= ?3) ORDER BY e.id");
  bind_opt(q, 1, f.case_id);
  bind_opt(q, 2, f.actor);
  if (f.since) q.bind(3, f.since->to_string());
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    if (!q.getColumn(9).isNull() &&
        std::find(regions.begin(), regions.end(), q.getColumn(9).getString()) == regions.end())
      continue;
    out.push_back({static_cast<long>(q.getColumn(0).getInt64()), q.getColumn(1).getString(),
                   opt_text(q.getColumn(2)), q.getColumn(3).getString(), q.getColumn(4).getString(),
                   opt_text(q.getColumn(5)), q.getColumn(6).getString(), opt_text(q.getColumn(7)),
                   q.getColumn(8).isNull() ? "" : q.getColumn(8).getString()});
  }
  return out;
}

}  // namespace ifg::detail

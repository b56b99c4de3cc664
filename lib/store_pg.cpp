// SPDX-License-Identifier: EUPL-1.2
// The PostgreSQL engine: a libpq connection, and statements that run the
// store's SQL with SQLite's placeholders numbered as PostgreSQL's.
#include "store_pg.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include "i18n.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

namespace ifg::detail {

namespace {

constexpr Oid kInt8 = 20, kFloat8 = 701, kBytea = 17, kBool = 16, kText = 25, kUnknown = 0;

std::string_view sqlstate_of(const PGresult* r) {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return state ? state : "";
}

/// The SQLSTATE and message of a failed result, as a PgFailure.
PgFailure failure_of(const PGresult* r, PGconn* c) {
  // The primary message only: DETAIL may quote the values of a row.
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary ? primary : PQerrorMessage(c);
  while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
    message.pop_back();
  return PgFailure(state ? state : "", message);
}

/// Runs `sql` (one or more statements, no parameters); throws its failure.
void run_plain(PGconn* c, const char* sql) {
  PGresult* r = PQexec(c, sql);
  const auto status = PQresultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    PQclear(r);
    return;
  }
  auto f = failure_of(r, c);
  PQclear(r);
  throw f;
}

/// The end of the quoted text, name or comment that starts at `i`, or `i`.
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  const char c = sql[i];
  if (c == '\'' || c == '"') {
    for (std::size_t j = i + 1; j < sql.size(); ++j)
      if (sql[j] == c) {
        if (j + 1 < sql.size() && sql[j + 1] == c) {
          ++j;  // a doubled quote inside
          continue;
        }
        return j + 1;
      }
    return sql.size();
  }
  if (c == '$') {  // a dollar-quoted body: $$...$$ or $tag$...$tag$
    std::size_t j = i + 1;
    while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_'))
      ++j;
    if (j >= sql.size() || sql[j] != '$') return i;
    const auto tag = sql.substr(i, j + 1 - i);
    const auto end = sql.find(tag, j + 1);
    return end == std::string_view::npos ? sql.size() : end + tag.size();
  }
  if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
    const auto end = sql.find('\n', i);
    return end == std::string_view::npos ? sql.size() : end;
  }
  return i;
}

bool word_start(std::string_view sql, std::size_t i) {
  return i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_' ||
                     sql[i - 1] == '.');
}

/// SQLite's words PostgreSQL spells otherwise, at `i`: appends PostgreSQL's
/// and gives the length of SQLite's, or 0. `temp.` names the session's own
/// tables (pg_temp); WITHOUT ROWID is a storage choice PostgreSQL lacks, and
/// INDEXED BY a hint its planner does without. (json_object() is spelled in
/// postgresql_placeholders(), which counts parentheses.)
std::size_t sqlite_word(std::string_view sql, std::size_t i, std::string& out) {
  if (!word_start(sql, i)) return 0;
  const auto rest = sql.substr(i);
  if (rest.starts_with("temp.")) {
    out += "pg_temp.";
    return 5;
  }
  if (rest.starts_with("WITHOUT ROWID")) return 13;
  if (rest.starts_with("INDEXED BY ")) {  // SQLite's index hint: the planner chooses here
    std::size_t n = 11;
    while (n < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[n])) || rest[n] == '_'))
      ++n;
    return n;
  }
  return 0;
}

/// Which of the parameters 1..count the numbered `sql` names. One it never names
/// (SQLite binds it and ignores it) the server cannot type: it is sent as text.
std::vector<bool> named_parameters(std::string_view sql, int count) {
  std::vector<bool> named(static_cast<std::size_t>(count) + 1, false);
  for (auto i = sql.find('$'); i != std::string_view::npos; i = sql.find('$', i + 1)) {
    std::size_t j = i + 1, n = 0;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])) && n <= named.size())
      n = n * 10 + static_cast<std::size_t>(sql[j++] - '0');
    if (j > i + 1 && n < named.size()) named[n] = true;
  }
  return named;
}

/// SQLite's json_object() and json_array() at `i`: appends PostgreSQL's
/// json_build_object() or json_build_array() (functions of any arguments,
/// which only C can define, so lib/pg/compat.sql cannot give them SQLite's
/// names) and gives the length of SQLite's name and parenthesis, or 0. The
/// `outermost` is wrapped in ifg.json_compact(), for SQLite's text; the caller
/// closes it at its own closing parenthesis.
std::size_t json_builder(std::string_view sql, std::size_t i, bool outermost, std::string& out) {
  if (!word_start(sql, i)) return 0;
  for (const auto& [sqlite, postgresql] : {std::pair{"json_object(", "json_build_object("},
                                           std::pair{"json_array(", "json_build_array("}}) {
    if (!sql.substr(i).starts_with(sqlite)) continue;
    out += outermost ? std::string("ifg.json_compact(") + postgresql : std::string(postgresql);
    return std::string_view(sqlite).size();
  }
  return 0;
}

/// Decodes bytea's hex output (\x0a1b...) into bytes.
std::string bytes_of_hex(std::string_view text) {
  std::string out;
  if (text.substr(0, 2) != "\\x") return std::string(text);
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  return out;
}

/// A statement: its parameters kept until it runs, then its whole result.
class PgStatement final : public StatementImpl {
 public:
  PgStatement(PGconn* c, std::string_view sql, int& names) : c_(c), names_(names) {
    sql_ = postgresql_placeholders(sql, count_);
    params_.resize(static_cast<std::size_t>(count_));
    named_ = named_parameters(sql_, count_);
  }
  ~PgStatement() override {
    PQclear(result_);
    if (!prepared_.empty()) PQclear(PQexec(c_, ("DEALLOCATE " + prepared_).c_str()));
  }
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  void bind_null(int i) override { slot(i) = Param{}; }
  void bind_int(int i, std::int64_t v) override { slot(i) = Param{std::to_string(v), kInt8, 0}; }
  void bind_real(int i, double v) override { slot(i) = Param{fmt::format("{}", v), kFloat8, 0}; }
  void bind_text(int i, std::string_view v) override {
    slot(i) = Param{std::string(v), kUnknown, 0};  // typed by the server, as a quoted literal
  }
  void bind_blob(int i, std::string_view v) override { slot(i) = Param{std::string(v), kBytea, 1}; }
  void clear_bindings() override {
    for (auto& p : params_) p = Param{};
  }
  bool step() override;
  int run() override;
  void reset() override { try_reset(); }
  void try_reset() noexcept override {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    decoded_.clear();
  }
  bool is_null(int c) const override { return PQgetisnull(result_, row_, c) != 0; }
  std::int64_t int_at(int c) const override;
  double real_at(int c) const override {
    return std::strtod(PQgetvalue(result_, row_, c), nullptr);
  }
  std::string_view text_at(int c) const override;

 private:
  struct Param {
    std::optional<std::string> value;
    Oid type = kUnknown;
    int format = 0;  ///< 0 text, 1 binary (bytes)
  };
  Param& slot(int i) {
    if (i < 1 || i > count_)
      throw PgFailure("", fmt::format("parameter {} of a statement with {}", i, count_));
    return params_[static_cast<std::size_t>(i - 1)];
  }
  /// The parameters as libpq takes them.
  struct Call {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    std::vector<Oid> types;
  };
  Call call() const;
  PGresult* send(const Call& call);
  void execute();

  PGconn* c_;
  int& names_;            ///< the connection's count of prepared statements
  std::string prepared_;  ///< its name on the server, once run twice
  std::vector<Oid> prepared_types_;
  int runs_ = 0;
  std::string sql_;
  int count_ = 0;
  std::vector<Param> params_;
  std::vector<bool> named_;  ///< by number: whether the statement names the parameter
  PGresult* result_ = nullptr;
  int row_ = -1;
  mutable std::map<int, std::string> decoded_;  ///< bytea columns of the current row
};

PgStatement::Call PgStatement::call() const {
  Call c;
  for (const auto& p : params_) {
    c.values.push_back(p.value ? p.value->c_str() : nullptr);
    c.lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    c.formats.push_back(p.format);
    c.types.push_back(p.type == kUnknown && !named_[c.types.size() + 1] ? kText : p.type);
  }
  return c;
}

PGresult* PgStatement::send(const Call& c) {
  if (!prepared_.empty() && c.types == prepared_types_)
    return PQexecPrepared(c_, prepared_.c_str(), count_, c.values.data(), c.lengths.data(),
                          c.formats.data(), 0);
  // Once: no round trip to prepare a statement that may never run again.
  if (runs_++ == 0)
    return PQexecParams(c_, sql_.c_str(), count_, c.types.data(), c.values.data(), c.lengths.data(),
                        c.formats.data(), 0);
  // Again: parsed and planned once on the server for these parameter types.
  const std::string name = fmt::format("ifg_{}", ++names_);
  PGresult* p = PQprepare(c_, name.c_str(), sql_.c_str(), count_, c.types.data());
  if (PQresultStatus(p) != PGRES_COMMAND_OK) return p;
  PQclear(p);
  if (!prepared_.empty()) PQclear(PQexec(c_, ("DEALLOCATE " + prepared_).c_str()));
  prepared_ = name;
  prepared_types_ = c.types;
  return PQexecPrepared(c_, name.c_str(), count_, c.values.data(), c.lengths.data(),
                        c.formats.data(), 0);
}

void PgStatement::execute() {
  Call c = call();
  try_reset();
  result_ = send(c);
  if (const auto state = sqlstate_of(result_);
      (state == "42P18" || state == "42P08") && PQtransactionStatus(c_) == PQTRANS_IDLE) {
    // A parameter nothing types (`? IS NULL` alone; 42P08 when it is also
    // compared, `(? IS NULL OR x = ?)`): SQLite's NULL has no type; text is
    // the nearest. Outside a transaction only: in one the failure ended it,
    // so the store's SQL types such a parameter itself (CAST(? AS TEXT)).
    for (auto& t : c.types)
      if (t == kUnknown) t = kText;
    try_reset();
    result_ = send(c);
  }
  const auto status = PQresultStatus(result_);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    auto f = failure_of(result_, c_);
    try_reset();
    throw f;
  }
}

bool PgStatement::step() {
  if (!result_) execute();
  decoded_.clear();
  if (row_ + 1 >= PQntuples(result_)) {
    row_ = PQntuples(result_);
    return false;
  }
  ++row_;
  return true;
}

int PgStatement::run() {
  execute();
  if (PQntuples(result_) > 0)
    throw PgFailure("", "a statement that returns rows was run as one that does not");
  return std::atoi(PQcmdTuples(result_));
}

std::int64_t PgStatement::int_at(int c) const {
  const char* v = PQgetvalue(result_, row_, c);
  if (PQftype(result_, c) == kBool) return v[0] == 't' ? 1 : 0;
  return std::strtoll(v, nullptr, 10);
}

std::string_view PgStatement::text_at(int c) const {
  if (PQgetisnull(result_, row_, c)) return {};
  const std::string_view v(PQgetvalue(result_, row_, c),
                           static_cast<std::size_t>(PQgetlength(result_, row_, c)));
  if (PQftype(result_, c) != kBytea) return v;
  auto [it, added] = decoded_.try_emplace(c);
  if (added) it->second = bytes_of_hex(v);
  return it->second;
}

}  // namespace

std::string pg_problem(const PgFailure& f) {
  const std::string_view cls = std::string_view(f.sqlstate()).substr(0, 2);
  if (f.sqlstate().empty() || cls == "08")
    return trf("cannot connect ({}); check that the server runs and the connection string",
               f.what());
  if (cls == "28")
    return trf("the login was refused ({}); check the user name and the password or certificate",
               f.what());
  if (f.sqlstate() == "42501")
    return trf("this login may not do that ({}); ask the database's administrator", f.what());
  if (cls == "40" || f.sqlstate() == "55P03")
    return tr("another session held what this one needed; try again when it has finished");
  if (cls == "53")
    return trf(
        "the server ran out of disk space or memory ({}); nothing of the failed step was stored",
        f.what());
  return trf("storage error ({})", f.what());
}

bool is_postgresql_target(std::string_view target) {
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) return true;
  // A libpq key=value string begins with a keyword and '=': "host=... dbname=...";
  // libpq allows white space before it.
  std::size_t i = target.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  const std::size_t keyword = i;
  while (i < target.size() &&
         (std::islower(static_cast<unsigned char>(target[i])) || target[i] == '_'))
    ++i;
  while (i < target.size() && target[i] == ' ') ++i;
  return i > keyword && i < target.size() && target[i] == '=';
}

bool looks_like_postgresql_target(std::string_view target) {
  std::string lower(target);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !is_postgresql_target(target) && is_postgresql_target(lower);
}

std::string postgresql_placeholders(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  std::vector<int> compacted;  // the depth of the outermost json_object() open
  int depth = 0;
  for (std::size_t i = 0; i < sql.size();) {
    if (const auto end = skip_quoted(sql, i); end != i) {
      out.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    if (const auto n = json_builder(sql, i, compacted.empty(), out); n != 0) {
      if (compacted.empty()) compacted.push_back(depth + 1);
      ++depth;
      i += n;
      continue;
    }
    if (sql[i] == '(' || sql[i] == ')') {
      const bool closes = sql[i] == ')' && !compacted.empty() && compacted.back() == depth;
      out += closes ? "))" : std::string(1, sql[i]);
      if (closes) compacted.pop_back();
      depth += sql[i++] == '(' ? 1 : -1;
      continue;
    }
    if (const auto n = sqlite_word(sql, i, out); n != 0) {
      i += n;
      continue;
    }
    if (sql[i] != '?') {
      out.push_back(sql[i++]);
      continue;
    }
    std::size_t j = i + 1;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
    const int n =
        j > i + 1 ? std::atoi(std::string(sql.substr(i + 1, j - i - 1)).c_str()) : count + 1;
    count = std::max(count, n);
    out += fmt::format("${}", n);
    i = j;
  }
  return out;
}

namespace {

/// The password libpq reads from `target` ("" for none); nullopt when libpq
/// cannot read the string at all (its own message would repeat the string).
std::optional<std::string> parsed_password(std::string_view target) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(target).c_str(), &err);
  PQfreemem(err);
  if (!options) return std::nullopt;
  std::string password;
  for (auto* o = options; o->keyword; ++o)
    if (std::string_view(o->keyword) == "password" && o->val) password = o->val;
  PQconninfoFree(options);
  return password;
}

/// `text` with every occurrence of `secret` replaced by ***.
std::string scrubbed(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
    text.replace(pos, secret.size(), "***");
  return text;
}

/// The end of a `password = value` value at `start` (quoted, or up to a space or &).
std::size_t value_end(const std::string& s, std::size_t start) {
  if (start < s.size() && s[start] == '\'') {
    for (auto i = start + 1; i < s.size(); ++i) {
      if (s[i] == '\\')
        ++i;
      else if (s[i] == '\'')
        return i + 1;
    }
    return s.size();
  }
  const auto end = s.find_first_of(" \t&", start);
  return end == std::string::npos ? s.size() : end;
}

}  // namespace

std::string redacted_target(std::string_view target) {
  const auto password = parsed_password(target);
  if (!password) return "(a connection string libpq cannot read)";
  std::string out(target);
  // postgresql://user:secret@host/db: the user information ends at the last @
  // of the authority.
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const auto authority_end = out.find_first_of("/?", scheme + 3);
    const auto at = out.rfind('@', authority_end);
    const auto colon = out.find(':', scheme + 3);
    if (at != std::string::npos && at > scheme && colon < at)
      out.replace(colon + 1, at - colon - 1, "***");
  }
  // password=secret, as a key=value pair (spaces around = allowed) or a URI parameter
  for (auto pos = out.find("password"); pos != std::string::npos;
       pos = out.find("password", pos + 1)) {
    auto start = out.find_first_not_of(" \t", pos + 8);
    if (start == std::string::npos || out[start] != '=') continue;
    start = out.find_first_not_of(" \t", start + 1);
    if (start == std::string::npos) break;
    out.replace(start, value_end(out, start) - start, "***");
  }
  // A spelling missed above (nothing masked): the password wherever it stands.
  return out.find("***") == std::string::npos ? scrubbed(out, *password) : out;
}

PgConnection::PgConnection(const std::string& target, int busy_timeout_ms)
    : Connection(redacted_target(target)), busy_timeout_ms_(busy_timeout_ms) {
  // libpq's messages about a string it cannot read, or a host it cannot find,
  // may repeat the string, password and all: such messages are not passed on.
  const auto password = parsed_password(target);
  if (!password)
    throw PgFailure("",
                    "libpq cannot read the connection string (check its quoting and "
                    "percent-encoding)");
  conn_ = PQconnectdb(target.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    const auto f = failure_of(nullptr, conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgFailure(f.sqlstate(), scrubbed(f.what(), *password));
  }
  // The functions of lib/pg/compat.sql (schema ifg) after the tables' schemas.
  // A library writes nothing on stderr: the server's notices are dropped.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  run_plain(conn_,
            "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET bytea_output = 'hex'; "
            "SET standard_conforming_strings = on; "
            "SET client_min_messages = warning; SELECT pg_catalog.set_config('search_path', "
            "pg_catalog.current_setting('search_path') || ', ifg', false)");
}

PgConnection::~PgConnection() {
  forget_statements();
  PQfinish(conn_);
}

void PgConnection::exec(const char* sql) {
  int count = 0;
  run_plain(conn_, postgresql_placeholders(sql, count).c_str());
}

void PgConnection::try_exec(const char* sql) noexcept {
  PQclear(PQexec(conn_, sql));
}

void PgConnection::begin_write() {
  run_plain(conn_, "BEGIN ISOLATION LEVEL READ COMMITTED");
  try {
    // As SQLite's busy timeout: a writer waits so long for the one before it.
    run_plain(conn_, fmt::format("SET LOCAL lock_timeout = {}; SELECT pg_advisory_xact_lock({})",
                                 busy_timeout_ms_, kWriteLock)
                         .c_str());
  } catch (...) {
    try_exec("ROLLBACK");
    throw;
  }
}

void PgConnection::commit() {
  // COMMIT of a transaction that failed is a ROLLBACK, with no error: say so.
  PGresult* r = PQexec(conn_, "COMMIT");
  const bool committed =
      PQresultStatus(r) == PGRES_COMMAND_OK && std::string_view(PQcmdStatus(r)) == "COMMIT";
  auto f = committed ? PgFailure("", "") : failure_of(r, conn_);
  PQclear(r);
  if (!committed)
    throw PgFailure(f.sqlstate().empty() ? "40000" : f.sqlstate(),
                    *f.what() ? f.what() : "the transaction failed and was rolled back");
}

void PgConnection::begin_read() {
  run_plain(conn_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

void PgConnection::begin_snapshot() {
  // not READ ONLY, which forbids CREATE TEMP TABLE too; ifg writes no other table in it
  run_plain(conn_, "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

int PgConnection::schema_version() {
  Statement q(*this, "SELECT to_regclass('ifg_schema') IS NOT NULL");
  if (!q.executeStep() || q.getColumn(0).getInt() == 0) return 0;
  Statement v(*this, "SELECT version FROM ifg_schema");
  return v.executeStep() ? v.getColumn(0).getInt() : 0;
}

std::unique_ptr<StatementImpl> PgConnection::prepare(std::string_view sql) {
  return std::make_unique<PgStatement>(conn_, sql, prepared_);
}

}  // namespace ifg::detail

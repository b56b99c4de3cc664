// Private: the state behind ifg::Service and the helpers its operations share.
// service.cpp holds the referral operations, workflow.cpp the case workflow.
#pragma once

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

#include "ifg/error.h"
#include "ifg/service.h"
#include "referral_json.h"
#include "store.h"

namespace ifg {

namespace detail {

inline constexpr const char* kScreeningKey = "screening";
inline constexpr const char* kRequireJustificationKey = "audit.require_justification";

/// Turns SQLite failures into Error(kStorage) with what to do; lets ifg::Error through.
template <class F>
auto guarded(const std::string& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    std::string what = "database " + path + ": ";
    switch (code) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        what += "locked by another process past the timeout; try again when it has finished";
        break;
      case SQLITE_FULL:
        what += "the disk or the database is full; free space and run the command again "
                "(nothing of the failed step was stored)";
        break;
      case SQLITE_READONLY:
      case SQLITE_PERM:
      case SQLITE_CANTOPEN:
      case SQLITE_AUTH:
        what += std::string("cannot be written or opened (") + e.what() +
                "); check the path and the permissions of the file and its folder";
        break;
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        what += std::string("is corrupt (") + e.what() + "); restore it from a backup";
        break;
      case SQLITE_IOERR:
        if (e.getExtendedErrorCode() == SQLITE_IOERR_WRITE) {
          // ENOSPC is SQLITE_FULL; a file size limit (EFBIG) or a failing disk lands here.
          what += std::string("could not be written (") + e.what() +
                  "): the disk may be full, a file size limit (ulimit -f) reached or the disk "
                  "failing; free space or raise the limit and run the command again (nothing "
                  "of the failed step was stored)";
          break;
        }
        what += std::string("input/output error (") + e.what() + "); check the disk";
        break;
      default:
        what += std::string("storage error (") + e.what() + ")";
    }
    throw Error(ErrorCode::kStorage, what);
  }
}

json params_to_json(const ScreeningParams& p);
ScreeningParams params_from_json(const json& j);
std::string screening_to_json(const Screening& s);
Screening screening_from_json(const json& j);
ScreenResult result_of(const std::optional<std::string>& case_id,
                       const std::optional<std::string>& external_ref, const Screening& s);
std::string join_errors(const std::vector<FieldError>& errors);
bool serves(const Partner& p, const std::string& region);

}  // namespace detail

using detail::json;
using detail::join_errors;
using detail::kScreeningKey;
using detail::params_from_json;
using detail::screening_to_json;
using detail::serves;

struct Service::Impl {

  ServiceOptions options;
  detail::Store store;

  explicit Impl(ServiceOptions o)
      : options(std::move(o)), store(options.db_path, options.create, options.busy_timeout_ms) {}

  Timestamp now() const {
    if (options.clock) return options.clock();
    return static_cast<Timestamp>(std::time(nullptr));
  }
  std::string now_text() const { return format_timestamp(now()); }

  /// Runs an operation: SQLite failures become Error(kStorage), and a denial
  /// is written to the audit trail after the operation's transaction rolled back.
  template <class F>
  auto guard(F&& f) -> decltype(f()) {
    try {
      return detail::guarded(options.db_path, std::forward<F>(f));
    } catch (const Error& e) {
      if (e.code() == ErrorCode::kAccessDenied && pending_denial) log_denial();
      throw;
    }
  }

  struct PendingDenial {
    std::optional<std::string> case_id;
    std::optional<std::string> actor;
    std::string what;
    std::string rule;
  };
  std::optional<PendingDenial> pending_denial;

  /// Refuses access (exit 4) naming the rule; guard() logs the denial.
  [[noreturn]] void deny(const std::optional<std::string>& actor_id,
                         const std::optional<std::string>& case_id, std::string_view what,
                         const std::string& rule, const std::string& message) {
    std::optional<std::string> who;
    if (actor_id && detail::shows(*actor_id)) who = actor_id;
    pending_denial = PendingDenial{case_id, who, std::string(what), rule};
    throw Error(ErrorCode::kAccessDenied, message);
  }

  void log_denial() {
    PendingDenial d = std::move(*pending_denial);
    pending_denial.reset();
    try {
      auto tx = store.write();
      store.append_event(d.case_id, now_text(), d.actor, d.what, json{{"rule", d.rule}}.dump(),
                         "denied");
      tx.commit();
    } catch (const std::exception&) {
      // The denial itself stands; failing to log it must not hide it.
    }
  }

  /// What an operation on a case needs (docs/security.md has the table).
  enum class Need {
    kRead,          ///< coordinator of the region, the director, or an involved member
    kMeeting,       ///< the same: members record the meetings they take part in
    kDirect,        ///< coordinator of the region or the case's director
    kCoordinate,    ///< coordinator of the region
    kRegistrant,    ///< coordinator, director, or who registered the case (screen, update)
  };

  bool coordinates(const Professional& pro, const std::string& region) {
    if (!pro.has_role(Role::kCoordinator)) return false;
    auto partner = store.partner(pro.partner);
    return partner && detail::serves(*partner, region);
  }

  /// Checks that `pro` may do `what` on case `row`; else denies naming the rule.
  /// `holder` lets the professional holding an action update it.
  void authorize(const Professional& pro, const detail::CaseRow& row, Need need,
                 std::string_view what, const std::optional<std::string>& holder = std::nullopt) {
    if (coordinates(pro, row.region)) return;
    const bool directs = pro.has_role(Role::kDirector) && row.director == pro.id;
    if (directs && need != Need::kCoordinate) return;
    const bool member = pro.has_role(Role::kMember) || pro.has_role(Role::kDirector);
    std::string rule;
    switch (need) {
      case Need::kRead:
      case Need::kMeeting:
        if (member && store.involved(row.id, pro.partner)) return;
        rule = "need-to-know: " + pro.id + "'s partner " + pro.partner +
               " is not involved in case " + row.id + " (and " + pro.id +
               " neither coordinates region " + row.region + " nor directs the case)";
        break;
      case Need::kDirect:
        if (holder && *holder == pro.id) return;
        rule = "only a coordinator of region " + row.region + " or the case's director may " +
               std::string(what) + " on case " + row.id;
        break;
      case Need::kCoordinate:
        rule = "only a coordinator of region " + row.region + " may " + std::string(what) +
               " on case " + row.id;
        break;
      case Need::kRegistrant:
        if (row.created_by == pro.id) return;
        rule = "only a coordinator of region " + row.region + " or who registered case " +
               row.id + " may " + std::string(what) + " it";
        break;
    }
    if (!pro.has_role(Role::kCoordinator) && !member)
      rule = "an analyst sees aggregate reports only, nothing at case level (" + rule + ")";
    deny(pro.id, row.id, what, rule, "access denied: " + rule);
  }

  CaseState state_of(const detail::CaseRow& row) {
    CaseState s;
    s.id = row.id;
    s.region = row.region;
    s.status = row.status;
    if (row.outcome) s.outcome = parse_enum<Outcome>(*row.outcome);
    s.decision = store.decision(row.id);
    s.director = row.director;
    if (row.closure_reason) s.closure_reason = parse_enum<ClosureReason>(*row.closure_reason);
    s.closure_note = row.closure_note;
    return s;
  }

  /// The plan of a case, with overdue judged against today in Brussels.
  std::vector<Action> actions_of(const std::string& case_id) {
    const Date today = brussels_date(now());
    auto list = store.actions(case_id);
    for (auto& a : list) a.overdue = is_overdue(a.status, a.due, today);
    return list;
  }

  ScreeningParams params() {
    auto text = store.setting(kScreeningKey);
    return text ? params_from_json(json::parse(*text)) : ScreeningParams{};
  }

  Catalog catalog() {
    Catalog c;
    for (const auto& r : store.regions()) c.regions.insert(r.code);
    for (const auto& p : store.partners()) c.partners.insert(p.id);
    c.extra_life_domains = params().extra_life_domains;
    c.today = brussels_date(now());
    return c;
  }

  Professional actor(const std::optional<std::string>& id) {
    if (!id || id->empty())
      deny(std::nullopt, std::nullopt, "actor check", "an actor is required",
           "no actor: say who you are with --as ID or IFG_ACTOR (your professional id, see "
           "`ifg professional list`)");
    auto p = store.professional(*id);
    if (!p)
      deny(id, std::nullopt, "actor check", "unknown actor",
           "actor " + detail::quote_value(*id) +
               " is not a configured professional; see `ifg professional list`");
    if (!p->active)
      deny(id, std::nullopt, "actor check", "inactive actor",
           "actor " + *id + " is inactive; ask a coordinator to reactivate them");
    return *p;
  }

  std::optional<std::string> justification;

  /// Before a read of case data: with `require_justification = true` in the
  /// configuration, a read without a justification is denied, and the denial
  /// is logged.
  void check_read(const Professional& pro, const std::string& case_id, std::string_view what) {
    if (justification || store.setting(detail::kRequireJustificationKey).value_or("false") != "true")
      return;
    deny(pro.id, case_id, what, "require_justification",
         "reading case " + case_id + " needs a justification in this database "
         "(require_justification = true): give --justification TEXT or IFG_JUSTIFICATION");
  }

  /// After a read of case data: one short write of its audit entry.
  void record_read(const Professional& pro, const std::string& case_id, std::string_view what) {
    auto tx = store.write();
    store.append_event(case_id, now_text(), pro.id, what, "{}", "read");
    tx.commit();
  }

  /// A read of one case's data: the actor, the case (or kNotFound), the
  /// justification rule, the read itself without a write lock, then its audit entry.
  template <class F>
  auto read_case(const std::optional<std::string>& actor_id, const std::string& case_id,
                 std::string_view what, F&& read) {
    const Professional pro = actor(actor_id);
    const detail::CaseRow row = case_row(case_id);
    authorize(pro, row, Need::kRead, what);
    check_read(pro, row.id, what);
    auto result = read(row);
    record_read(pro, row.id, what);
    return result;
  }

  /// The partner of `pro`, which must serve `region` for `pro` to register there.
  bool may_register(const Professional& pro, const std::string& region) {
    auto partner = store.partner(pro.partner);
    return partner && serves(*partner, region);
  }

  detail::CaseRow case_row(const std::string& id) {
    auto row = store.case_row(id);
    if (!row)
      throw Error(ErrorCode::kNotFound,
                  "case " + detail::quote_value(id) +
                      " does not exist; check the id (case ids look like ANT-2026-0042)");
    return *row;
  }

  /// The catalog a stored referral is checked against: it was valid when stored,
  /// so the life domains it holds stay valid even if a later configuration
  /// dropped them from extra_life_domains.
  Catalog catalog_for(const json& stored) {
    Catalog c = catalog();
    if (auto it = stored.find("life_domains"); it != stored.end() && it->is_array())
      for (const auto& d : *it)
        if (d.is_string()) c.extra_life_domains.push_back(d.get<std::string>());
    return c;
  }

  Referral stored_referral(const detail::CaseRow& row) {
    const json doc = json::parse(row.referral_json);
    Catalog c = catalog_for(doc);
    c.today = Date{9999, 12, 31};  // `received` was checked against the day it was stored
    auto v = detail::validate_referral(doc, c, ReadMode::kSingle);
    if (!v.referral)
      throw Error(ErrorCode::kInternal,
                  "case " + row.id + ": the stored referral no longer validates: " +
                      join_errors(v.errors));
    return std::move(*v.referral);
  }

  /// Screens `r` as case `id` and stores the result with its event; in a write transaction.
  Screening screen_and_store(const std::string& id, const Referral& r, const ScreeningParams& p,
                             const std::string& actor, const std::string& at) {
    Screening s = ifg::screen(r, p);
    store.store_screening(id, CaseStatus::kScreened, std::string(to_string(s.outcome)), s.ruleset,
                          screening_to_json(s), at);
    store.append_event(id, at, actor, "screened",
                       json{{"outcome", std::string(to_string(s.outcome))}, {"ruleset", s.ruleset}}
                           .dump());
    return s;
  }
};

}  // namespace ifg

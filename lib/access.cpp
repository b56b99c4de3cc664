// SPDX-License-Identifier: EUPL-1.2
#include "access.h"

#include <algorithm>
#include <utility>

#include "format.h"
#include "i18n.h"
#include "text.h"

namespace ifg::detail {

namespace {

constexpr unsigned kReadGrants = kCoordinatorOfRegion | kDirectorOfCase | kInvolved;

// Who may do what. A professional with several roles gets the union; an
// analyst (aggregate reports only) fits no grant but kAnalystOfRegion.
// clang-format off
constexpr AccessRule kRules[] = {
  // operation                    audit name           who                                                  what (for messages, translated where shown)
  {Operation::kInit,            "init",              kCoordinatorOfRegion,                                 N_("load the configuration into a database that already has professionals")},
  {Operation::kRegister,        "register",          kCaseRoleInRegion,                                    N_("register referrals")},
  {Operation::kScreenBatch,     "screen --batch",    kCoordinatorOfRegion,                                 N_("batch-screen referrals")},
  {Operation::kScreen,          "screen",            kCoordinatorOfRegion | kDirectorOfCase | kRegistrant, N_("screen")},
  {Operation::kUpdate,          "update",            kCoordinatorOfRegion | kDirectorOfCase | kRegistrant, N_("update")},
  {Operation::kScreenRead,      "screen",            kReadGrants,                                          N_("read")},
  {Operation::kLog,             "log",               kReadGrants,                                          N_("read")},
  {Operation::kPlanList,        "plan list",         kReadGrants,                                          N_("read")},
  {Operation::kMeetingList,     "meeting list",      kReadGrants,                                          N_("read")},
  {Operation::kDirectors,       "directors",         kReadGrants,                                          N_("read")},
  {Operation::kCaseState,       "case",              kReadGrants,                                          N_("read")},
  {Operation::kInvolvement,     "involvement",       kReadGrants,                                          N_("read")},
  {Operation::kReferral,        "referral",          kReadGrants,                                          N_("read")},
  {Operation::kReportCase,      "report case",       kReadGrants,                                          N_("read")},
  {Operation::kDecide,          "decide",            kCoordinatorOfRegion,                                 N_("decide on")},
  {Operation::kMeetingAdd,      "meeting add",       kReadGrants,                                          N_("add a meeting to")},
  {Operation::kPlanAdd,         "plan add",          kCoordinatorOfRegion | kDirectorOfCase,               N_("add an action to")},
  {Operation::kPlanSet,         "plan set",          kCoordinatorOfRegion | kDirectorOfCase | kHolder,     N_("change an action of")},
  {Operation::kPlanActivate,    "plan activate",     kCoordinatorOfRegion | kDirectorOfCase,               N_("start the plan of")},
  {Operation::kAssignAction,    "assign --action",   kCoordinatorOfRegion | kDirectorOfCase,               N_("reassign an action of")},
  {Operation::kAssignDirector,  "assign --director", kCoordinatorOfRegion,                                 N_("assign the director of")},
  {Operation::kClose,           "close",             kCoordinatorOfRegion | kDirectorOfCase,               N_("close")},
  {Operation::kAuditShow,       "audit show",        kCoordinatorOfRegion,                                 N_("read the audit trail")},
  {Operation::kAuditShowCase,   "audit show",        kCoordinatorOfRegion,                                 N_("read the audit trail of")},
  {Operation::kPurge,           "purge",             kCoordinatorOfRegion,                                 N_("purge cases past retention")},
  {Operation::kExportPerson,    "export person",     kCoordinatorOfRegion,                                 N_("answer an access request")},
  {Operation::kReportRegion,    "report region",     kCoordinatorOfRegion | kAnalystOfRegion,              N_("read the regional statistics")},
  {Operation::kCaseList,        "case list",         kCoordinatorOfRegion | kTeamMember,                   N_("list the cases")},
  {Operation::kReportActions,   "report actions",    kCoordinatorOfRegion | kTeamMember,                   N_("list the actions of cases")},
  {Operation::kReportCaseload,  "report caseload",   kCoordinatorOfRegion,                                 N_("read everyone's caseload")},
  {Operation::kReportOwnCaseload, "report caseload", kTeamMember,                                          N_("read a caseload")},
  {Operation::kMeetingHeld,     "meeting held",      kReadGrants,                                          N_("record a meeting of")},
  {Operation::kMonitor,         "monitor",           kCoordinatorOfRegion | kDirectorOfCase,               N_("record a monitoring contact of")},
  {Operation::kReopen,          "reopen",            kCoordinatorOfRegion,                                 N_("reopen")},
  {Operation::kTransfer,        "transfer",          kCoordinatorOfRegion,                                 N_("transfer")},
  {Operation::kCaseFind,        "case find",         kCoordinatorOfRegion | kTeamMember,                   N_("find the cases that name a person")},
  {Operation::kPersonList,      "person list",       kReadGrants,                                          N_("read")},
  {Operation::kPersonCases,     "person cases",      kReadGrants,                                          N_("read")},
  {Operation::kPersonAdd,       "person add",        kCoordinatorOfRegion | kDirectorOfCase,               N_("add a person to")},
  {Operation::kPersonUpdate,    "person update",     kCoordinatorOfRegion | kDirectorOfCase,               N_("change a person of")},
  {Operation::kPersonRemove,    "person remove",     kCoordinatorOfRegion | kDirectorOfCase,               N_("remove a person from")},
  {Operation::kPersonLinks,     "person links",      kCoordinatorOfRegion,                                 N_("review the possible links of persons of")},
  {Operation::kPersonLink,      "person link",       kCoordinatorOfRegion,                                 N_("link a person of")},
  {Operation::kPersonUnlink,    "person unlink",     kCoordinatorOfRegion,                                 N_("keep apart a person of")},
  {Operation::kRiskAdd,         "risk add",          kReadGrants,                                          N_("record a risk assessment of")},
  {Operation::kRiskList,        "risk list",         kReadGrants,                                          N_("read")},
};
// clang-format on

bool case_role(const Professional& p) {
  return p.has_role(Role::kCoordinator) || p.has_role(Role::kDirector) || p.has_role(Role::kMember);
}

bool fits(const Actor& a, Grant g, const Subject& s) {
  const Professional& p = a.pro;
  const bool in_region = !s.region || a.serves(*s.region);
  const bool team = p.has_role(Role::kDirector) || p.has_role(Role::kMember);
  switch (g) {
    case kCoordinatorOfRegion:
      return p.has_role(Role::kCoordinator) && in_region;
    case kDirectorOfCase:
      return p.has_role(Role::kDirector) && s.director == p.id;
    case kInvolved:
      return team && s.involved;
    case kRegistrant:
      return case_role(p) && s.registrant == p.id;
    case kHolder:
      return case_role(p) && s.holder == p.id;
    case kCaseRoleInRegion:
      return case_role(p) && in_region;
    case kTeamMember:
      return team;
    case kAnalystOfRegion:
      return p.has_role(Role::kAnalyst) && in_region;
  }
  return false;
}

/// Whether `a` may read the case `s`: then they know it exists, and a refusal
/// of something else may name the rule itself.
bool may_read(const Actor& a, const Subject& s) {
  for (unsigned bit = 1; bit <= kReadGrants; bit <<= 1)
    if ((kReadGrants & bit) && fits(a, static_cast<Grant>(bit), s)) return true;
  return false;
}

/// `msgid` as the actor is told it (`shown`: translated), or as the audit trail
/// keeps it (in English).
const char* say(const char* msgid, bool shown) {
  return shown ? tr(msgid) : msgid;
}

template <class... Args>
std::string sayf(bool shown, const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(say(msgid, shown)), std::forward<Args>(args)...);
}

/// "a coordinator of region ANT or the case's director", from a case rule's
/// grants; `region` nullopt when it may not be shown.
std::string who_may(unsigned grants, const std::optional<std::string>& region, bool shown) {
  std::vector<std::string> who{region ? sayf(shown, N_("a coordinator of region {}"), *region)
                                      : say(N_("a coordinator of region its region"), shown)};
  if (grants & kDirectorOfCase) who.emplace_back(say(N_("the case's director"), shown));
  if (grants & kInvolved)
    who.emplace_back(say(N_("a director or member whose partner is involved in it"), shown));
  if (grants & kRegistrant) who.emplace_back(say(N_("who registered the case"), shown));
  if (grants & kHolder) who.emplace_back(say(N_("who holds the action"), shown));
  const std::string last = who.back();
  who.pop_back();
  return who.empty() ? last : sayf(shown, N_("{} or {}"), fmt::join(who, ", "), last);
}

/// "case ANT-2026-0042", or "the case given" for an id that may not be shown.
std::string case_text(const std::string& id, bool shown) {
  return shows(id) ? sayf(shown, N_("case {}"), id) : std::string(say(N_("the case given"), shown));
}

/// What a refusal of `r` tells: `screen` reads a decided case and screens an
/// undecided one, and its refusal must not tell which the case is, so both
/// rules are told as one.
struct Told {
  unsigned grants;
  const char* phrase;
};
Told told(const AccessRule& r) {
  if (r.operation != Operation::kScreen && r.operation != Operation::kScreenRead)
    return {r.grants, r.phrase};
  const AccessRule& screen = access_rule(Operation::kScreen);
  return {screen.grants | access_rule(Operation::kScreenRead).grants, screen.phrase};
}

/// What an actor refused at case level is told: the same for a case that
/// does not exist, so it is built from the case id, never from the case.
std::string unseen_case(const Actor& a, const AccessRule& r, const std::string& id) {
  auto region = case_id_region(id);
  if (region && !shows(*region)) region.reset();
  const Told t = told(r);
  return trf("access denied: {} does not exist or {} may not {} it (only {} may)",
             case_text(id, true), a.pro.id, tr(t.phrase), who_may(t.grants, region, true));
}

std::string about_case(const Actor& a, const AccessRule& r, const Subject& s, bool shown) {
  const std::string region = s.region.value_or("?");
  if (r.grants & kInvolved)
    return sayf(shown,
                N_("need-to-know: {}'s partner {} is not involved in case {} (and {} neither "
                   "coordinates region {} nor directs the case)"),
                a.pro.id, a.pro.partner, *s.case_id, a.pro.id, region);
  return sayf(shown, N_("only {} may {} case {}"), who_may(r.grants, region, shown),
              say(r.phrase, shown), *s.case_id);
}

std::string about_region(const Actor& a, const AccessRule& r, const Subject& s, bool shown) {
  const char* phrase = say(r.phrase, shown);
  if (s.region && !a.serves(*s.region))
    return sayf(shown, N_("{} may not {} in region {}: their partner {} does not serve it"),
                a.pro.id, phrase, *s.region, a.pro.partner);
  if (r.grants & kAnalystOfRegion)
    return sayf(shown, N_("only coordinators and analysts may {}; {} is neither"), phrase,
                a.pro.id);
  return sayf(shown, N_("only a coordinator may {}; {} is not a coordinator"), phrase, a.pro.id);
}

/// Why an analyst is refused what is not an aggregate report.
std::string analyst_refused(const Actor& a, const AccessRule& r, const Subject& s, bool shown) {
  const char* phrase = say(told(r).phrase, shown);
  if (s.case_id)
    return sayf(shown,
                N_("an analyst sees aggregate reports only, nothing at case level ({} may not "
                   "{} {})"),
                a.pro.id, phrase, case_text(*s.case_id, shown));
  return sayf(shown,
              N_("an analyst sees aggregate reports only, nothing at case level ({} may not {})"),
              a.pro.id, phrase);
}

Access refusal(const Actor& a, const AccessRule& r, const Subject& s) {
  Access out;
  if (a.analyst_only() && !(r.grants & kAnalystOfRegion)) {
    out.hint = Hint::kReportRegion;
    out.rule = analyst_refused(a, r, s, false);
    out.message = trf("access denied: {}", analyst_refused(a, r, s, true));
    return out;
  }
  auto why = [&](bool shown) {
    return s.case_id ? about_case(a, r, s, shown) : about_region(a, r, s, shown);
  };
  out.rule = why(false);
  out.message = s.case_id && !may_read(a, s) ? unseen_case(a, r, *s.case_id)
                                             : trf("access denied: {}", why(true));
  if (r.operation == Operation::kScreenBatch && !a.pro.has_role(Role::kCoordinator))
    out.hint = Hint::kRegisterOne;
  if (r.operation == Operation::kReportRegion && !a.pro.has_role(Role::kCoordinator))
    out.hint = Hint::kReportCase;
  return out;
}

}  // namespace

std::span<const AccessRule> access_rules() {
  return kRules;
}

const AccessRule& access_rule(Operation op) {
  for (const auto& r : kRules)
    if (r.operation == op) return r;
  throw Error(ErrorCode::kInternal, tr("an operation without an access rule"));
}

bool Actor::serves(const std::string& region) const {
  return std::find(regions.begin(), regions.end(), region) != regions.end();
}

bool Actor::coordinates(const std::string& region) const {
  return pro.has_role(Role::kCoordinator) && serves(region);
}

bool Actor::analyst_only() const {
  return pro.has_role(Role::kAnalyst) && !case_role(pro);
}

Access decide_access(const Actor& actor, Operation op, const Subject& subject) {
  const AccessRule& rule = access_rule(op);
  for (unsigned bit = 1; bit <= kAnalystOfRegion; bit <<= 1)
    if ((rule.grants & bit) && fits(actor, static_cast<Grant>(bit), subject)) return {true, {}, {}};
  return refusal(actor, rule, subject);
}

Access decide_missing_case(const Actor& actor, Operation op, const std::string& case_id) {
  Subject s;
  s.case_id = case_id;
  s.region = case_id_region(case_id);
  // No case has an id without a region: saying so tells nothing.
  if (!s.region) return {true, {}, {}, {}};
  Access access = decide_access(actor, op, s);
  if (access.allowed) return access;
  Access out = refusal(actor, access_rule(op), s);
  out.rule = fmt::format("{} does not exist", case_text(case_id, false));  // the audit trail's
  return out;
}

}  // namespace ifg::detail

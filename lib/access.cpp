#include "access.h"

#include <algorithm>

#include "format.h"
#include "text.h"

namespace ifg::detail {

namespace {

constexpr unsigned kReadGrants = kCoordinatorOfRegion | kDirectorOfCase | kInvolved;

// Who may do what. A professional with several roles gets the union; an
// analyst (aggregate reports only) fits no grant but kAnalystOfRegion.
// clang-format off
constexpr AccessRule kRules[] = {
  // operation                    audit name           who                                                  what (for messages)
  {Operation::kInit,            "init",              kCoordinatorOfRegion,                                 "load the configuration into a database that already has professionals"},
  {Operation::kRegister,        "register",          kCaseRoleInRegion,                                    "register referrals"},
  {Operation::kScreenBatch,     "screen --batch",    kCoordinatorOfRegion,                                 "batch-screen referrals"},
  {Operation::kScreen,          "screen",            kCoordinatorOfRegion | kDirectorOfCase | kRegistrant, "screen"},
  {Operation::kUpdate,          "update",            kCoordinatorOfRegion | kDirectorOfCase | kRegistrant, "update"},
  {Operation::kScreenRead,      "screen",            kReadGrants,                                          "read"},
  {Operation::kLog,             "log",               kReadGrants,                                          "read"},
  {Operation::kPlanList,        "plan list",         kReadGrants,                                          "read"},
  {Operation::kMeetingList,     "meeting list",      kReadGrants,                                          "read"},
  {Operation::kDirectors,       "directors",         kReadGrants,                                          "read"},
  {Operation::kCaseState,       "case",              kReadGrants,                                          "read"},
  {Operation::kInvolvement,     "involvement",       kReadGrants,                                          "read"},
  {Operation::kReferral,        "referral",          kReadGrants,                                          "read"},
  {Operation::kReportCase,      "report case",       kReadGrants,                                          "read"},
  {Operation::kDecide,          "decide",            kCoordinatorOfRegion,                                 "decide on"},
  {Operation::kMeetingAdd,      "meeting add",       kReadGrants,                                          "add a meeting to"},
  {Operation::kPlanAdd,         "plan add",          kCoordinatorOfRegion | kDirectorOfCase,               "add an action to"},
  {Operation::kPlanSet,         "plan set",          kCoordinatorOfRegion | kDirectorOfCase | kHolder,     "change an action of"},
  {Operation::kPlanActivate,    "plan activate",     kCoordinatorOfRegion | kDirectorOfCase,               "start the plan of"},
  {Operation::kAssignAction,    "assign --action",   kCoordinatorOfRegion | kDirectorOfCase,               "reassign an action of"},
  {Operation::kAssignDirector,  "assign --director", kCoordinatorOfRegion,                                 "assign the director of"},
  {Operation::kClose,           "close",             kCoordinatorOfRegion | kDirectorOfCase,               "close"},
  {Operation::kAuditShow,       "audit show",        kCoordinatorOfRegion,                                 "read the audit trail"},
  {Operation::kAuditShowCase,   "audit show",        kCoordinatorOfRegion,                                 "read the audit trail of"},
  {Operation::kPurge,           "purge",             kCoordinatorOfRegion,                                 "purge cases past retention"},
  {Operation::kExportPerson,    "export person",     kCoordinatorOfRegion,                                 "answer an access request"},
  {Operation::kReportRegion,    "report region",     kCoordinatorOfRegion | kAnalystOfRegion,              "read the regional statistics"},
  {Operation::kCaseList,        "case list",         kCoordinatorOfRegion | kTeamMember,                   "list the cases"},
  {Operation::kReportActions,   "report actions",    kCoordinatorOfRegion | kTeamMember,                   "list the actions of cases"},
  {Operation::kReportCaseload,  "report caseload",   kCoordinatorOfRegion,                                 "read everyone's caseload"},
  {Operation::kReportOwnCaseload, "report caseload", kTeamMember,                                          "read a caseload"},
  {Operation::kMeetingHeld,     "meeting held",      kReadGrants,                                          "record a meeting of"},
  {Operation::kMonitor,         "monitor",           kCoordinatorOfRegion | kDirectorOfCase,               "record a monitoring contact of"},
  {Operation::kReopen,          "reopen",            kCoordinatorOfRegion,                                 "reopen"},
  {Operation::kTransfer,        "transfer",          kCoordinatorOfRegion,                                 "transfer"},
  {Operation::kCaseFind,        "case find",         kCoordinatorOfRegion | kTeamMember,                   "find the cases that name a person"},
  {Operation::kPersonList,      "person list",       kReadGrants,                                          "read"},
  {Operation::kPersonCases,     "person cases",      kReadGrants,                                          "read"},
  {Operation::kPersonAdd,       "person add",        kCoordinatorOfRegion | kDirectorOfCase,               "add a person to"},
  {Operation::kPersonUpdate,    "person update",     kCoordinatorOfRegion | kDirectorOfCase,               "change a person of"},
  {Operation::kPersonRemove,    "person remove",     kCoordinatorOfRegion | kDirectorOfCase,               "remove a person from"},
  {Operation::kPersonLinks,     "person links",      kCoordinatorOfRegion,                                 "review the possible links of persons of"},
  {Operation::kPersonLink,      "person link",       kCoordinatorOfRegion,                                 "link a person of"},
  {Operation::kPersonUnlink,    "person unlink",     kCoordinatorOfRegion,                                 "keep apart a person of"},
  {Operation::kRiskAdd,         "risk add",          kReadGrants,                                          "record a risk assessment of"},
  {Operation::kRiskList,        "risk list",         kReadGrants,                                          "read"},
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

/// "a coordinator of region ANT or the case's director", from a case rule's grants.
std::string who_may(unsigned grants, const std::string& region) {
  std::vector<std::string> who{fmt::format("a coordinator of region {}", region)};
  if (grants & kDirectorOfCase) who.emplace_back("the case's director");
  if (grants & kInvolved) who.emplace_back("a director or member whose partner is involved in it");
  if (grants & kRegistrant) who.emplace_back("who registered the case");
  if (grants & kHolder) who.emplace_back("who holds the action");
  const std::string last = who.back();
  who.pop_back();
  return who.empty() ? last : fmt::format("{} or {}", fmt::join(who, ", "), last);
}

/// "case ANT-2026-0042", or "the case given" for an id that may not be shown.
std::string case_text(const std::string& id) {
  return shows(id) ? fmt::format("case {}", id) : std::string("the case given");
}

/// What a refusal of `r` tells: `screen` reads a decided case and screens an
/// undecided one, and its refusal must not tell which the case is, so both
/// rules are told as one.
struct Told {
  unsigned grants;
  std::string_view phrase;
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
  const auto region = case_id_region(id);
  const Told t = told(r);
  return fmt::format("access denied: {} does not exist or {} may not {} it (only {} may)",
                     case_text(id), a.pro.id, t.phrase,
                     who_may(t.grants, region && shows(*region) ? *region : "its region"));
}

std::string about_case(const Actor& a, const AccessRule& r, const Subject& s) {
  const std::string region = s.region.value_or("?");
  if (r.grants & kInvolved)
    return fmt::format(
        "need-to-know: {}'s partner {} is not involved in case {} (and {} neither coordinates "
        "region {} nor directs the case)",
        a.pro.id, a.pro.partner, *s.case_id, a.pro.id, region);
  return fmt::format("only {} may {} case {}", who_may(r.grants, region), r.phrase, *s.case_id);
}

std::string about_region(const Actor& a, const AccessRule& r, const Subject& s) {
  if (s.region && !a.serves(*s.region))
    return fmt::format("{} may not {} in region {}: their partner {} does not serve it", a.pro.id,
                       r.phrase, *s.region, a.pro.partner);
  if (r.grants & kAnalystOfRegion)
    return fmt::format("only coordinators and analysts may {}; {} is neither", r.phrase, a.pro.id);
  return fmt::format("only a coordinator may {}; {} is not a coordinator", r.phrase, a.pro.id);
}

Access refusal(const Actor& a, const AccessRule& r, const Subject& s) {
  Access out;
  if (a.analyst_only() && !(r.grants & kAnalystOfRegion)) {
    out.hint = Hint::kReportRegion;
    out.rule = fmt::format(
        "an analyst sees aggregate reports only, nothing at case level ({} may "
        "not {}{})",
        a.pro.id, told(r).phrase,
        s.case_id ? fmt::format(" {}", case_text(*s.case_id)) : std::string());
    out.message = fmt::format("access denied: {}", out.rule);
    return out;
  }
  out.rule = s.case_id ? about_case(a, r, s) : about_region(a, r, s);
  out.message = s.case_id && !may_read(a, s) ? unseen_case(a, r, *s.case_id)
                                             : fmt::format("access denied: {}", out.rule);
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
  throw Error(ErrorCode::kInternal, "an operation without an access rule");
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
  out.rule = fmt::format("{} does not exist", case_text(case_id));
  return out;
}

}  // namespace ifg::detail

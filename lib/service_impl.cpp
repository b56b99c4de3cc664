// SPDX-License-Identifier: EUPL-1.2
// The helpers every operation of ifg::Service shares: who acts, what the
// policy says, the logging of reads and denials, and reading a case.
#include "service_impl.h"

#include <utility>

#include "i18n.h"
#include "text.h"

namespace ifg {

std::optional<std::string> detail::known_region(Store& st,
                                                const std::optional<std::string>& asked) {
  if (!asked) return std::nullopt;
  const std::string code = ascii_upper(*asked);
  if (!st.region_exists(code))
    throw Error(ErrorCode::kNotFound, trf("{} is not configured", named(N_("region"), *asked)),
                Hint::kListPartners);
  return code;
}

void detail::check_text(const std::optional<std::string>& text,
                        const std::optional<std::string>& case_id, std::string_view field,
                        bool required) {
  constexpr std::size_t kMaxText = 10000;
  const std::string name(field);  // a catalogue entry (N_): the noun the messages name
  const char* noun = tr(name.c_str());
  // A message about the text, of a case (`with_case`) or not (`without`).
  auto say = [&](const char* with_case, const char* without, auto... more) {
    return case_id ? fmt::format(fmt::runtime(tr(with_case)), *case_id, noun, more...)
                   : fmt::format(fmt::runtime(tr(without)), noun, more...);
  };
  if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos) {
    if (required)
      throw Error(ErrorCode::kRefused,
                  say(N_("case {}: the {} is required and may not be empty"),
                      N_("the {} is required and may not be empty")),
                  Hint::kGiveText, name);
    return;
  }
  const auto len = utf8_length(*text);
  if (!len)
    throw Error(ErrorCode::kInvalidInput,
                say(N_("case {}: the {} is not valid UTF-8"), N_("the {} is not valid UTF-8")));
  if (text->find('\0') != std::string::npos)
    throw Error(ErrorCode::kInvalidInput, say(N_("case {}: the {} may not contain NUL characters"),
                                              N_("the {} may not contain NUL characters")));
  if (*len > kMaxText)
    throw Error(ErrorCode::kInvalidInput,
                say(N_("case {}: the {} has {} characters; at most {} are allowed"),
                    N_("the {} has {} characters; at most {} are allowed"), *len, kMaxText));
}

std::optional<Screening> detail::stored_screening(const CaseRow& row) {
  if (!row.screening_json || !row.outcome || !row.ruleset) return std::nullopt;
  return decode_screening(*row.screening_json, *row.outcome, *row.ruleset, row.id);
}

using detail::Actor;
using detail::CaseRow;
using detail::Operation;

Service::Impl::Impl(ServiceOptions o)
    : options(std::move(o)),
      store(options.db_path, options.create, options.busy_timeout_ms,
            format_timestamp(options.clock ? options.clock()
                                           : static_cast<Timestamp>(std::time(nullptr)))) {}

Timestamp Service::Impl::now() const {
  if (options.clock) return options.clock();
  return static_cast<Timestamp>(std::time(nullptr));
}

std::optional<std::string> Service::Impl::acting(const std::optional<std::string>& id,
                                                 const std::optional<std::string>& case_id,
                                                 std::string_view what) {
  // On a shared database the login is the actor (docs/deployment.md): --as
  // may only repeat it.
  const auto login = store.login();
  if (!login) return id;
  if (id && !id->empty() && *id != *login)
    deny(login, case_id, what, "actor is not the login",
         trf("you are logged in to the database as {}: on a shared database you act as "
             "yourself, not as {}",
             *login, *id));
  return login;
}

Actor Service::Impl::actor(const std::optional<std::string>& given, std::optional<Operation> op,
                           const std::optional<std::string>& case_id) {
  const std::string_view what = op ? detail::access_rule(*op).name : "actor check";
  const auto id = acting(given, case_id, what);
  if (!id || id->empty())
    deny(std::nullopt, case_id, what, "an actor is required",
         tr("no actor: say which professional acts"), Hint::kActor);
  auto p = store.professional(*id);
  if (!p)
    deny(id, case_id, what, "unknown actor",
         trf("{} is not a configured professional", detail::named(N_("actor"), *id)),
         Hint::kListProfessionals);
  if (!p->active)
    deny(id, case_id, what, "inactive actor",
         trf("actor {} is inactive; ask a coordinator to reactivate them", *id));
  auto partner = store.partner(p->partner);
  return Actor{*p, partner ? partner->regions : std::vector<std::string>{}};
}

detail::Subject Service::Impl::subject(const Actor& who, const CaseRow& row,
                                       const std::optional<std::string>& holder) {
  detail::Subject s;
  s.case_id = row.id;
  s.region = row.region;
  s.director = row.director;
  s.registrant = row.created_by;
  s.holder = holder;
  s.involved = store.involved(row.id, who.pro.partner);
  return s;
}

void Service::Impl::require(const Actor& who, Operation op, const detail::Subject& s,
                            const std::optional<std::string>& named) {
  const detail::Access access = detail::decide_access(who, op, s);
  if (access.allowed) return;
  deny(who.pro.id, s.case_id ? s.case_id : named, detail::access_rule(op).name, access.rule,
       access.message, access.hint);
}

void Service::Impl::deny(const std::optional<std::string>& actor_id,
                         const std::optional<std::string>& case_id, std::string_view what,
                         const std::string& rule, const std::string& message, Hint hint) {
  std::optional<std::string> who, named;
  if (actor_id && detail::shows(*actor_id)) who = actor_id;
  if (case_id && detail::shows(*case_id)) named = case_id;
  pending_denial = PendingDenial{named, who, std::string(what), rule};
  throw Error(ErrorCode::kAccessDenied, message, hint);
}

void Service::Impl::refuse_duplicate(const Actor& who, const std::string& ref,
                                     const std::string& region, const std::string& existing) {
  // On PostgreSQL a case the login may not read is no row to them at all.
  const std::optional<CaseRow> row = store.case_row(existing);
  if (row && detail::decide_access(who, Operation::kCaseState, subject(who, *row)).allowed)
    throw Error(
        ErrorCode::kRefused,
        trf("external_ref {} already belongs to case {} in region {}", ref, existing, region),
        Hint::kUpdateCase, existing);
  pending_denial = PendingDenial{
      // the audit trail's rule, in English
      existing, who.pro.id, std::string(detail::access_rule(Operation::kRegister).name),
      fmt::format("{} tried to register external_ref {}, which this case holds; they may not "
                  "read the case",
                  who.pro.id, ref)};
  throw Error(ErrorCode::kRefused,
              trf("external_ref {} is already registered in region {}, in a case {} may not "
                  "read; a coordinator of region {} can tell which",
                  ref, region, who.pro.id, region));
}

void Service::Impl::log_denial() {
  PendingDenial d = std::move(*pending_denial);
  pending_denial.reset();
  try {
    auto tx = store.write();
    // A case that does not exist cannot be the entry's case: the details name it.
    detail::json details{{"rule", d.rule}};
    if (d.case_id && !store.case_exists(*d.case_id))
      details["case"] = *std::exchange(d.case_id, {});
    store.audit().append(d.case_id, now_text(), d.actor, d.what, details.dump(), detail::kDenied);
    tx.commit();
  } catch (...) {
    // The denial itself stands; failing to log it must not hide it.
  }
}

void Service::Impl::check_read(const Actor& who, const std::optional<std::string>& case_id,
                               Operation op) {
  if (store.audit().justification() ||
      store.setting(detail::kRequireJustificationKey).value_or("false") != "true")
    return;
  deny(who.pro.id, case_id, detail::access_rule(op).name, "require_justification",
       case_id ? trf("reading case {} needs a justification in this database "
                     "(require_justification = true)",
                     *case_id)
               : std::string(tr("reading the cases found needs a justification in this database "
                                "(require_justification = true)")),
       Hint::kJustification);
}

void Service::Impl::record_read(const Actor& who, const std::string& case_id, Operation op) {
  auto tx = store.write();
  store.audit().append(case_id, now_text(), who.pro.id, detail::access_rule(op).name, "{}",
                       detail::kRead);
  tx.commit();
}

CaseRow Service::Impl::case_row(const Actor& who, const std::string& id, Operation op) {
  if (auto row = store.case_row(id)) return *row;
  const detail::Access access = detail::decide_missing_case(who, op, id);
  if (!access.allowed)
    deny(who.pro.id, id, detail::access_rule(op).name, access.rule, access.message, access.hint);
  throw Error(ErrorCode::kNotFound,
              trf("{} does not exist; check the id (case ids look like ANT-2026-0042)",
                  detail::named(N_("case"), id)));
}

CaseState Service::Impl::state_of(const CaseRow& row) {
  CaseState s;
  s.id = row.id;
  s.region = row.region;
  s.status = row.status;
  s.outcome = row.outcome;
  s.decision = store.decision(row.id);
  s.director = row.director;
  s.closure_reason = row.closure_reason;
  s.closure_note = row.closure_note;
  s.monitor_until = row.monitor_until;
  s.transferred_to = row.transferred_to;
  s.transferred_from = row.transferred_from;
  s.monitoring = store.monitoring(row.id);  // kept after a reopening: history
  return s;
}

std::vector<Action> Service::Impl::actions_of(const CaseRow& row) {
  const Date day = today();
  auto list = store.actions(row.id);
  for (auto& a : list) a.overdue = is_overdue(row.status, a.status, a.due, day);
  return list;
}

/// The catalog a stored referral is checked against: it was valid when stored,
/// so the life domains it holds stay valid even if a later configuration
/// dropped them from extra_life_domains.
Catalog Service::Impl::catalog_for(const detail::json& stored) {
  Catalog c = catalog();
  if (auto it = stored.find("life_domains"); it != stored.end() && it->is_array())
    for (const auto& d : *it)
      if (d.is_string()) c.extra_life_domains.push_back(d.get<std::string>());
  return c;
}

Referral Service::Impl::stored_referral(const CaseRow& row) {
  const detail::json doc = detail::json::parse(row.referral_json);
  Catalog c = catalog_for(doc);
  c.today = Date{9999, 12, 31};  // `received` was checked against the day it was stored
  auto v = detail::validate_referral(doc, c, ReadMode::kSingle);
  if (!v.referral)
    throw Error(ErrorCode::kInternal, trf("case {}: the stored referral no longer validates: {}",
                                          row.id, detail::join_errors(v.errors)));
  return std::move(*v.referral);
}

std::string Service::Impl::insert_referral(const detail::Actor& who, const Referral& r,
                                           const std::string& at) {
  if (r.external_ref)
    if (auto existing = store.case_by_ref(r.region, *r.external_ref))
      refuse_duplicate(who, *r.external_ref, r.region, *existing);
  detail::NewCase c;
  c.id = store.next_case_id(r.region, r.received.year);
  c.referral = &r;
  c.referral_json = to_json(r);
  c.at = at;
  c.actor = who.pro.id;
  store.insert_case(c);
  return c.id;
}

Screening Service::Impl::screen_and_store(const std::string& id, const Referral& r,
                                          const RuleSet& rules, const std::string& actor,
                                          const std::string& at) {
  std::vector<LatestRisk> latest;
  if (!rules.instruments.empty()) latest = latest_risks(id, r);
  Screening s = ifg::screen(r, rules, latest);
  store.store_screening(id, CaseStatus::kScreened, s.outcome, s.ruleset,
                        detail::encode_screening(s), at);
  store.audit().append(
      id, at, actor, "screened",
      detail::json{{"outcome", std::string(to_string(s.outcome))}, {"ruleset", s.ruleset}}.dump());
  return s;
}

ScreeningParams Service::Impl::params() {
  auto text = store.setting(detail::kScreeningKey);
  return text ? detail::params_from_json(detail::json::parse(*text)) : ScreeningParams{};
}

RuleSet Service::Impl::rules() {
  return RuleSet(params(), instruments());
}

Catalog Service::Impl::catalog() {
  Catalog c;
  for (const auto& r : store.regions()) c.regions.insert(r.code);
  for (auto& id : store.partner_ids()) c.partners.insert(std::move(id));
  c.extra_life_domains = params().extra_life_domains;
  c.today = today();
  return c;
}

}  // namespace ifg

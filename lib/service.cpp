// SPDX-License-Identifier: EUPL-1.2
// Configuration, registration and screening of one case (step 1).
#include "ifg/service.h"

#include <algorithm>
#include <set>

#include "i18n.h"
#include "ifg/json.h"
#include "referral_patch.h"
#include "service_impl.h"

namespace ifg {

namespace detail {

json params_to_json(const ScreeningParams& p) {
  json j;
  j["min_life_domains"] = p.min_life_domains;
  j["care_sectors"] = json::array();
  for (Sector s : p.care_sectors) j["care_sectors"].push_back(std::string(to_string(s)));
  j["security_sectors"] = json::array();
  for (Sector s : p.security_sectors) j["security_sectors"].push_back(std::string(to_string(s)));
  j["extra_life_domains"] = p.extra_life_domains;
  j["repeat_window_months"] = p.repeat_window_months;
  return j;
}

ScreeningParams params_from_json(const json& j) {
  ScreeningParams p;
  p.min_life_domains = j.value("min_life_domains", 2);
  p.repeat_window_months = j.value("repeat_window_months", 12);
  auto sectors = [](const json& a) {
    std::vector<Sector> out;
    for (const auto& s : a)
      if (auto v = parse_enum<Sector>(s.get<std::string>())) out.push_back(*v);
    return out;
  };
  if (j.contains("care_sectors")) p.care_sectors = sectors(j["care_sectors"]);
  if (j.contains("security_sectors")) p.security_sectors = sectors(j["security_sectors"]);
  if (j.contains("extra_life_domains"))
    p.extra_life_domains = j["extra_life_domains"].get<std::vector<std::string>>();
  return p;
}

ScreenResult result_of(const std::optional<std::string>& case_id,
                       const std::optional<std::string>& external_ref, const Screening& s) {
  ScreenResult r;
  r.case_id = case_id;
  r.external_ref = external_ref;
  r.outcome = s.outcome;
  r.ruleset = s.ruleset;
  r.criteria = s.criteria;
  r.warnings = s.warnings;
  return r;
}

std::string join_errors(const std::vector<FieldError>& errors) {
  std::vector<std::string> parts;
  for (const auto& e : errors)
    parts.push_back(fmt::format("{}: {}", e.field ? *e.field : tr("(record)"), e.message));
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace detail

namespace {

using detail::json;
using detail::Operation;

/// Checks that every region a partner serves and every partner a professional
/// belongs to is in `config` or already stored; Error(kConfig) naming the entry.
void check_references(const Config& config, detail::Store& st) {
  std::set<std::string> regions, partners;
  for (const auto& r : config.regions) regions.insert(r.code);
  for (const auto& p : config.partners) partners.insert(p.id);
  auto where = [&](int line) {
    if (config.source.empty()) return std::string();
    return line > 0 ? fmt::format("{}:{}: ", config.source, line)
                    : fmt::format("{}: ", config.source);
  };
  for (const auto& p : config.partners)
    for (const auto& code : p.regions)
      if (!regions.count(code) && !st.region_exists(code))
        throw Error(ErrorCode::kConfig,
                    where(p.line) + trf("partner {}: region {} is not defined; add a [[region]] "
                                        "with code = \"{}\"",
                                        p.id, code, code));
  for (const auto& pro : config.professionals)
    if (!partners.count(pro.partner) && !st.partner_exists(pro.partner))
      throw Error(ErrorCode::kConfig,
                  where(pro.line) + trf("professional {}: partner {} is not defined; add a "
                                        "[[partner]] with id = \"{}\"",
                                        pro.id, pro.partner, pro.partner));
}

InitSummary summary_of(const Config& config, int schema_version) {
  InitSummary sum;
  sum.regions = static_cast<int>(config.regions.size());
  sum.partners = static_cast<int>(config.partners.size());
  sum.professionals = static_cast<int>(config.professionals.size());
  sum.ruleset = ruleset_version(config.screening, config.instruments);
  sum.schema_version = schema_version;
  return sum;
}

/// The inactive professionals who still direct open cases or hold open actions.
std::vector<OrphanedWork> orphaned_work(detail::Store& st) {
  std::vector<OrphanedWork> out;
  for (const auto& p : st.professionals()) {
    if (p.active) continue;
    const auto [cases, actions] = st.open_work(p.id);
    if (cases || actions) out.push_back({p.id, cases, actions});
  }
  return out;
}

bool decided(const detail::CaseRow& row) {
  return row.status != CaseStatus::kRegistered && row.status != CaseStatus::kScreened;
}

/// The stored result of a case screened before the team's decision.
ScreenResult stored_result(const detail::CaseRow& row) {
  if (!row.screening_json)  // closed straight from `registered`
    throw Error(ErrorCode::kRefused,
                trf("case {} is {} and was never screened, so there is no screening result to "
                    "show",
                    row.id, row.status));
  return detail::result_of(row.id, row.external_ref, *detail::stored_screening(row));
}

}  // namespace

Service::Service(ServiceOptions options) {
  const std::string path = options.db_path;
  try {
    impl_ = std::make_unique<Impl>(std::move(options));
  } catch (const Error&) {
    throw;
  } catch (...) {
    detail::Store::rethrow_as_error(path);
  }
}

Service::~Service() = default;
Service::Service(Service&&) noexcept = default;
Service& Service::operator=(Service&&) noexcept = default;

std::vector<std::string> Service::case_ids(const std::string& db_path) {
  return detail::read_case_ids(db_path);
}

InitSummary Service::init(const Config& config, const std::optional<std::string>& actor) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const bool first_load = st.professional_count() == 0;
    auto acting = impl_->acting(actor, std::nullopt, "init");
    if (!first_load)
      impl_->require(impl_->actor(actor, Operation::kInit), Operation::kInit, detail::Subject{});
    check_references(config, st);
    for (const auto& r : config.regions) st.upsert_region(r);
    for (const auto& p : config.partners) st.upsert_partner(p);
    for (const auto& p : config.professionals) st.upsert_professional(p);
    st.set_setting(detail::kScreeningKey, detail::params_to_json(config.screening).dump());
    st.remember_ruleset(ruleset_version(config.screening, config.instruments),
                        canonical_params(config.screening, config.instruments));
    st.set_setting(detail::kInstrumentsKey, detail::instruments_to_json(config.instruments).dump());
    st.set_setting(detail::kRequireJustificationKey,
                   config.require_justification ? "true" : "false");
    st.set_setting(detail::kUiLanguageKey, config.ui.language);
    st.set_setting(detail::kUiCsvDialectKey, config.ui.csv_dialect);
    st.ensure_roles();
    // An administrator's login that is no professional makes the first load
    // without an actor, as SQLite's does without --as.
    if (first_load && acting && !actor && !st.professional(*acting)) acting.reset();
    if (first_load && acting)
      impl_->actor(acting, Operation::kInit);  // checked only after the first load
    InitSummary sum = summary_of(config, st.schema_version());
    sum.orphaned = orphaned_work(st);
    json details{{"regions", sum.regions},
                 {"partners", sum.partners},
                 {"professionals", sum.professionals},
                 {"ruleset", sum.ruleset}};
    for (const auto& o : sum.orphaned)
      details["inactive_with_open_work"].push_back(json{{"professional", o.professional},
                                                        {"cases_directed", o.cases_directed},
                                                        {"actions_held", o.actions_held}});
    if (!config.source_sha256.empty()) details["sha256"] = config.source_sha256;
    st.audit().append(std::nullopt, impl_->now_text(), acting, "config_loaded", details.dump());
    tx.commit();
    return sum;
  });
}

std::vector<Partner> Service::partners() {
  return impl_->guard([&] { return impl_->store.partners(); });
}
std::vector<Professional> Service::professionals() {
  return impl_->guard([&] { return impl_->store.professionals(); });
}
std::vector<Region> Service::regions() {
  return impl_->guard([&] { return impl_->store.regions(); });
}
UiSettings Service::ui_settings() {
  return impl_->guard([&] {
    return UiSettings{impl_->store.setting(detail::kUiLanguageKey).value_or(""),
                      impl_->store.setting(detail::kUiCsvDialectKey).value_or("")};
  });
}
ScreeningParams Service::screening_params() {
  return impl_->guard([&] { return impl_->params(); });
}
Catalog Service::catalog() {
  return impl_->guard([&] { return impl_->catalog(); });
}
Professional Service::require_actor(const std::optional<std::string>& actor,
                                    std::string_view operation) {
  std::optional<Operation> op;
  for (const auto& rule : detail::access_rules())
    if (!op && rule.name == operation) op = rule.operation;
  return impl_->guard([&] { return impl_->actor(actor, op).pro; });
}

std::string Service::register_referral(const std::optional<std::string>& actor,
                                       const Referral& input) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const detail::Actor who = impl_->actor(actor, Operation::kRegister);
    impl_->require(who, Operation::kRegister, detail::Subject{});  // the role, before the input
    // Validate again: a library caller may hand us a Referral built by hand.
    auto v = detail::validate_referral(detail::referral_to_json(input), impl_->catalog(),
                                       ReadMode::kSingle);
    if (!v.referral)
      throw Error(ErrorCode::kInvalidInput,
                  trf("the referral is invalid: {}", detail::join_errors(v.errors)));
    const Referral& r = *v.referral;
    detail::Subject in_region;
    in_region.region = r.region;
    impl_->require(who, Operation::kRegister, in_region);
    const std::string at = impl_->now_text();
    const std::string id = impl_->insert_referral(who, r, at);
    json details = json::object();
    if (r.external_ref) details["external_ref"] = *r.external_ref;
    st.audit().append(id, at, who.pro.id, "registered", details.dump());
    tx.commit();
    return id;
  });
}

ScreenResult Service::screen(const std::optional<std::string>& actor, const std::string& case_id) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const detail::Actor who = impl_->actor(actor, Operation::kScreen, case_id);
    // After the decision a case's screening is history: a read of what was stored.
    const int months = impl_->params().repeat_window_months;
    auto with_repeat = [&](ScreenResult r) {
      r.repeat = impl_->repeat_of(who, *r.case_id, months);
      return r;
    };
    if (auto row = impl_->case_row(who, case_id, Operation::kScreen); decided(row))
      return impl_->read_case(
          actor, case_id, Operation::kScreenRead,
          [&](const detail::CaseRow& c) { return with_repeat(stored_result(c)); });
    auto tx = st.write();
    const auto row = impl_->case_row(who, case_id, Operation::kScreen);  // re-read under the lock
    if (decided(row)) {  // decided meanwhile: a read after all
      impl_->require(who, Operation::kScreenRead, row);
      impl_->check_read(who, row.id, Operation::kScreenRead);
      ScreenResult r = with_repeat(stored_result(row));
      st.audit().append(row.id, impl_->now_text(), who.pro.id, "screen", "{}", detail::kRead);
      tx.commit();
      return r;
    }
    impl_->require(who, Operation::kScreen, row);
    const Referral r = impl_->stored_referral(row);
    Screening s = impl_->screen_and_store(row.id, r, impl_->rules(), who.pro.id, impl_->now_text());
    ScreenResult result = with_repeat(detail::result_of(row.id, row.external_ref, s));
    tx.commit();
    return result;
  });
}

namespace {

/// After an update of a referral's persons: links them anew, as at
/// registration; refused once `ifg person` changed them.
void link_persons_anew(detail::Store& st, const std::string& case_id, const Referral& r) {
  if (!st.person_facts(case_id).empty())
    throw Error(ErrorCode::kRefused,
                trf("case {}: its persons were changed after registration, so the referral's "
                    "persons are no longer what counts; change each person as such",
                    case_id),
                Hint::kChangePerson, case_id);
  if (!st.latest_assessments(case_id).empty())
    throw Error(ErrorCode::kRefused,
                trf("case {}: its persons have risk assessments, which name them by number, so "
                    "the referral's persons cannot be replaced; change each person as such",
                    case_id),
                Hint::kChangePerson, case_id);
  st.unlink_persons(case_id);
  st.link_persons(case_id, r);
}

}  // namespace

ScreenResult Service::update(const std::optional<std::string>& actor, const std::string& case_id,
                             const ReferralPatch& patch) {
  // Read the patch file before taking the write lock: it may be large or slow.
  std::optional<json> file_doc;
  if (patch.from_file) file_doc = detail::read_single_document(*patch.from_file, patch.from_format);
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const detail::Actor who = impl_->actor(actor, Operation::kUpdate, case_id);
    const auto row = impl_->case_row(who, case_id, Operation::kUpdate);
    impl_->require(who, Operation::kUpdate, row);
    if (decided(row))
      throw Error(ErrorCode::kRefused,
                  trf("case {} is {}: referral facts can only be updated before the team's "
                      "decision (status registered or screened)",
                      row.id, row.status));
    json doc = json::parse(row.referral_json);
    const Catalog catalog = impl_->catalog_for(doc);
    auto patched = detail::apply_patch(std::move(doc), file_doc, patch, row.id);
    auto v = detail::validate_referral(patched.doc, catalog, ReadMode::kSingle);
    patched.errors.insert(patched.errors.end(), v.errors.begin(), v.errors.end());
    if (!patched.errors.empty())
      throw Error(ErrorCode::kInvalidInput,
                  trf("case {}: the update would leave the referral invalid, so nothing was "
                      "changed: {}",
                      row.id, detail::join_errors(patched.errors)));
    const Referral& r = *v.referral;
    const std::string at = impl_->now_text();
    st.update_referral(row.id, r, to_json(r));
    if (std::binary_search(patched.changed.begin(), patched.changed.end(), "persons"))
      link_persons_anew(st, row.id, r);
    st.audit().append(row.id, at, who.pro.id, "updated", json{{"keys", patched.changed}}.dump());
    const RuleSet rules = impl_->rules();
    Screening s = impl_->screen_and_store(row.id, r, rules, who.pro.id, at);
    ScreenResult result = detail::result_of(row.id, row.external_ref, s);
    result.repeat = impl_->repeat_of(who, row.id, rules.params.repeat_window_months);
    tx.commit();
    return result;
  });
}

}  // namespace ifg

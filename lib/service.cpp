#include "ifg/service.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <future>
#include <set>

#include "ifg/error.h"
#include "ifg/version.h"
#include "json_out.h"
#include "referral_json.h"
#include "service_impl.h"
#include "store.h"

namespace ifg {

namespace detail {
json read_single_document(const std::string& path, std::optional<InputFormat> format);
}  // namespace detail

using detail::json;

namespace detail {


json params_to_json(const ScreeningParams& p) {
  json j;
  j["min_life_domains"] = p.min_life_domains;
  j["care_sectors"] = json::array();
  for (Sector s : p.care_sectors) j["care_sectors"].push_back(std::string(to_string(s)));
  j["security_sectors"] = json::array();
  for (Sector s : p.security_sectors) j["security_sectors"].push_back(std::string(to_string(s)));
  j["extra_life_domains"] = p.extra_life_domains;
  return j;
}

ScreeningParams params_from_json(const json& j) {
  ScreeningParams p;
  p.min_life_domains = j.value("min_life_domains", 2);
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

/// The stored form of a screening (cases.screening): compact JSON, written
/// directly because it is on the hot path of batch screening.
std::string screening_to_json(const Screening& s) {
  std::string text;
  text.reserve(1024);
  detail::JsonOut j(text);
  j.begin_object();
  j.key("outcome").value(to_string(s.outcome));
  j.key("ruleset").value(s.ruleset);
  detail::write_criteria(j, s.criteria, s.warnings);
  j.end_object();
  return text;
}

Screening screening_from_json(const json& j) {
  Screening s;
  s.outcome = parse_enum<Outcome>(j.at("outcome").get<std::string>()).value_or(Outcome::kIncomplete);
  s.ruleset = j.at("ruleset").get<std::string>();
  for (const auto& c : j.at("criteria")) {
    const auto id = c.at("id").get<std::string>();
    for (Criterion k : all_criteria())
      if (to_string(k) == id)
        s.criteria.push_back({k,
                              parse_enum<Verdict>(c.at("verdict").get<std::string>())
                                  .value_or(Verdict::kUnknown),
                              c.at("reason").get<std::string>()});
  }
  for (const auto& w : j.at("warnings"))
    s.warnings.push_back({w.at("code").get<std::string>(), w.at("message").get<std::string>()});
  return s;
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
  std::string out;
  for (const auto& e : errors)
    out += (out.empty() ? "" : "; ") + e.field.value_or("(record)") + ": " + e.message;
  return out;
}

bool serves(const Partner& p, const std::string& region) {
  return std::find(p.regions.begin(), p.regions.end(), region) != p.regions.end();
}

}  // namespace detail

using namespace detail;

Service::Service(ServiceOptions options) {
  const std::string path = options.db_path;
  guarded(path, [&] {
    impl_ = std::make_unique<Impl>(std::move(options));
    return 0;
  });
}

Service::~Service() = default;
Service::Service(Service&&) noexcept = default;
Service& Service::operator=(Service&&) noexcept = default;

InitSummary Service::init(const Config& config, const std::optional<std::string>& actor) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const bool first_load = st.professional_count() == 0;
    if (!first_load) {
      const Professional pro = impl_->actor(actor);
      if (!pro.has_role(Role::kCoordinator))
        impl_->deny(pro.id, std::nullopt, "init", "only a coordinator loads the configuration",
                    "access denied: " + pro.id +
                        " is not a coordinator: only a coordinator may load the configuration "
                        "into a database that already has professionals");
    }
    std::set<std::string> regions, partners;
    for (const auto& r : config.regions) regions.insert(r.code);
    for (const auto& p : config.partners) partners.insert(p.id);
    auto where = [&](int line) {
      if (config.source.empty()) return std::string();
      return config.source + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": ";
    };
    for (const auto& p : config.partners)
      for (const auto& code : p.regions)
        if (!regions.count(code) && !st.region_exists(code))
          throw Error(ErrorCode::kConfig, where(p.line) + "partner " + p.id + ": region " + code +
                                              " is not defined; add a [[region]] with code = \"" +
                                              code + "\"");
    for (const auto& pro : config.professionals)
      if (!partners.count(pro.partner) && !st.partner_exists(pro.partner))
        throw Error(ErrorCode::kConfig, where(pro.line) + "professional " + pro.id + ": partner " +
                                            pro.partner + " is not defined; add a [[partner]] "
                                            "with id = \"" + pro.partner + "\"");
    for (const auto& r : config.regions) st.upsert_region(r);
    for (const auto& p : config.partners) st.upsert_partner(p);
    for (const auto& p : config.professionals) st.upsert_professional(p);
    st.set_setting(kScreeningKey, params_to_json(config.screening).dump());
    st.set_setting(kRequireJustificationKey, config.require_justification ? "true" : "false");
    if (first_load && actor) impl_->actor(actor);  // checked only after the first load
    InitSummary sum;
    sum.regions = static_cast<int>(config.regions.size());
    sum.partners = static_cast<int>(config.partners.size());
    sum.professionals = static_cast<int>(config.professionals.size());
    sum.ruleset = ruleset_version(config.screening);
    sum.schema_version = st.schema_version();
    st.append_event(std::nullopt, impl_->now_text(), actor ? actor : std::nullopt,
                    "config_loaded",
                    json{{"regions", sum.regions},
                         {"partners", sum.partners},
                         {"professionals", sum.professionals},
                         {"ruleset", sum.ruleset}}
                        .dump());
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
ScreeningParams Service::screening_params() {
  return impl_->guard([&] { return impl_->params(); });
}
Catalog Service::catalog() {
  return impl_->guard([&] { return impl_->catalog(); });
}
Professional Service::require_actor(const std::optional<std::string>& actor) {
  return impl_->guard([&] { return impl_->actor(actor); });
}

std::string Service::register_referral(const std::optional<std::string>& actor,
                                       const Referral& input) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    if (!pro.has_role(Role::kCoordinator) && !pro.has_role(Role::kDirector) &&
        !pro.has_role(Role::kMember))
      impl_->deny(pro.id, std::nullopt, "register", "analysts see aggregate reports only",
                  "access denied: " + pro.id + " is an analyst: analysts see aggregate reports "
                  "only and cannot register referrals");
    // Validate again: a library caller may hand us a Referral built by hand.
    auto v = detail::validate_referral(detail::referral_to_json(input), impl_->catalog(),
                                       ReadMode::kSingle);
    if (!v.referral)
      throw Error(ErrorCode::kInvalidInput, "the referral is invalid: " + join_errors(v.errors));
    const Referral& r = *v.referral;
    if (!impl_->may_register(pro, r.region))
      impl_->deny(pro.id, std::nullopt, "register", "region scope",
                  "access denied: actor " + pro.id + " may not register referrals in region " +
                      r.region + ": their partner " + pro.partner + " does not serve it");
    if (r.external_ref) {
      if (auto existing = st.case_by_ref(r.region, *r.external_ref))
        throw Error(ErrorCode::kRefused,
                    "external_ref " + *r.external_ref + " already belongs to case " + *existing +
                        " in region " + r.region + "; correct that case with `ifg update " +
                        *existing + "` instead");
    }
    const std::string at = impl_->now_text();
    detail::NewCase c;
    c.id = st.next_case_id(r.region, r.received.year);
    c.referral = &r;
    c.referral_json = detail::referral_to_json(r).dump();
    c.status = CaseStatus::kRegistered;
    c.at = at;
    c.actor = pro.id;
    st.insert_case(c);
    st.refresh_referral_involvement(c.id, r, true);
    json details = json::object();
    if (r.external_ref) details["external_ref"] = *r.external_ref;
    st.append_event(c.id, at, pro.id, "registered", details.dump());
    tx.commit();
    return c.id;
  });
}

ScreenResult Service::screen(const std::optional<std::string>& actor, const std::string& case_id) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const Professional pro = impl_->actor(actor);
    // After the decision a case's screening is history: print what was stored.
    auto stored_result = [](const detail::CaseRow& row) {
      if (!row.screening_json)  // closed straight from `registered`
        throw Error(ErrorCode::kRefused,
                    "case " + row.id + " is " + std::string(to_string(row.status)) +
                        " and was never screened, so there is no screening result to show");
      return result_of(row.id, row.external_ref,
                       screening_from_json(json::parse(*row.screening_json)));
    };
    auto decided = [](const detail::CaseRow& row) {
      return row.status != CaseStatus::kRegistered && row.status != CaseStatus::kScreened;
    };
    auto row = impl_->case_row(case_id);
    if (decided(row)) {
      impl_->authorize(pro, row, Impl::Need::kRead, "screen");
      impl_->check_read(pro, row.id, "screen");
      ScreenResult r = stored_result(row);
      impl_->record_read(pro, row.id, "screen");
      return r;
    }
    auto tx = st.write();
    row = impl_->case_row(case_id);  // re-read under the write lock
    if (decided(row)) {  // decided meanwhile: a read after all
      impl_->authorize(pro, row, Impl::Need::kRead, "screen");
      impl_->check_read(pro, row.id, "screen");
      ScreenResult r = stored_result(row);
      st.append_event(row.id, impl_->now_text(), pro.id, "screen", "{}", "read");
      tx.commit();
      return r;
    }
    impl_->authorize(pro, row, Impl::Need::kRegistrant, "screen");
    const Referral r = impl_->stored_referral(row);
    Screening s = impl_->screen_and_store(row.id, r, impl_->params(), pro.id, impl_->now_text());
    tx.commit();
    return result_of(row.id, row.external_ref, s);
  });
}

ScreenResult Service::update(const std::optional<std::string>& actor, const std::string& case_id,
                             const ReferralPatch& patch) {
  // Read the patch file before taking the write lock: it may be large or slow.
  std::optional<json> file_doc;
  if (patch.from_file) file_doc = detail::read_single_document(*patch.from_file, patch.from_format);
  return impl_->guard([&] {
    auto& st = impl_->store;
    auto tx = st.write();
    const Professional pro = impl_->actor(actor);
    auto row = impl_->case_row(case_id);
    impl_->authorize(pro, row, Impl::Need::kRegistrant, "update");
    if (row.status != CaseStatus::kRegistered && row.status != CaseStatus::kScreened)
      throw Error(ErrorCode::kRefused,
                  "case " + row.id + " is " + std::string(to_string(row.status)) +
                      ": referral facts can only be updated before the team's decision (status "
                      "registered or screened)");
    json doc = json::parse(row.referral_json);
    const Catalog catalog = impl_->catalog_for(doc);
    std::vector<std::string> changed;
    auto refuse_identity_change = [&](const std::string& key, const json& value) {
      std::string now = doc.value(key, std::string());
      std::string given = value.is_string() ? value.get<std::string>() : value.dump();
      if (key == "region") {
        std::transform(given.begin(), given.end(), given.begin(),
                       [](char ch) { return ch >= 'a' && ch <= 'z' ? char(ch - 'a' + 'A') : ch; });
      }
      if (given != now)
        throw Error(ErrorCode::kRefused,
                    "case " + row.id + ": " + key +
                        " cannot change; register the referral anew if it is wrong");
    };
    if (file_doc) {
      if (!file_doc->is_object())
        throw Error(ErrorCode::kInvalidInput,
                    *patch.from_file + ": the file must hold one referral object");
      for (auto it = file_doc->begin(); it != file_doc->end(); ++it) {
        if (it.key() == "external_ref" || it.key() == "region") {
          refuse_identity_change(it.key(), it.value());
          continue;
        }
        doc[it.key()] = it.value();
        changed.push_back(it.key());
      }
    }
    std::vector<FieldError> errors;
    for (const auto& [raw_key, value] : patch.set) {
      std::string key = raw_key;
      if (key.rfind("referrer_", 0) == 0) key = "referrer." + key.substr(9);
      if (key == "external_ref" || key == "region") {
        refuse_identity_change(key, json(value));
        continue;
      }
      changed.push_back(key);
      if (key.rfind("referrer.", 0) == 0) {
        const std::string sub = key.substr(9);
        if (value.empty()) {
          if (doc.contains("referrer")) doc["referrer"].erase(sub);
        } else {
          doc["referrer"][sub] = value;
        }
        continue;
      }
      if (value.empty()) {
        doc.erase(key);
        continue;
      }
      json part = detail::fields_to_json({{key, value}}, errors);
      doc[key] = part.contains(key) ? part[key] : json(value);
    }
    auto v = detail::validate_referral(doc, catalog, ReadMode::kSingle);
    errors.insert(errors.end(), v.errors.begin(), v.errors.end());
    if (!errors.empty())
      throw Error(ErrorCode::kInvalidInput,
                  "case " + row.id + ": the update would leave the referral invalid, so nothing "
                                     "was changed: " + join_errors(errors));
    const Referral& r = *v.referral;
    const std::string at = impl_->now_text();
    st.update_referral(row.id, r, detail::referral_to_json(r).dump());
    st.refresh_referral_involvement(row.id, r, false);
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    st.append_event(row.id, at, pro.id, "updated", json{{"keys", changed}}.dump());
    Screening s = impl_->screen_and_store(row.id, r, impl_->params(), pro.id, at);
    tx.commit();
    return result_of(row.id, row.external_ref, s);
  });
}

BatchSummary Service::screen_batch(const std::optional<std::string>& actor, ReferralReader& reader,
                                   const BatchOptions& options,
                                   const std::function<void(const ScreenResult&)>& on_result) {
  return impl_->guard([&] {
    auto& st = impl_->store;
    const auto started = std::chrono::steady_clock::now();
    const Professional pro = impl_->actor(actor);
    if (!pro.has_role(Role::kCoordinator))
      impl_->deny(pro.id, std::nullopt, "screen --batch", "batch screening is for coordinators",
                  "access denied: only a coordinator may batch-screen; " + pro.id +
                      " may register single referrals with `ifg register`");
    const ScreeningParams params = impl_->params();
    const auto partner = st.partner(pro.partner);
    if (options.dry_run) st.dry_run_begin();

    BatchSummary summary;
    const std::size_t chunk = static_cast<std::size_t>(std::max(1, options.chunk_size));
    std::vector<ScreenResult> results;
    results.reserve(chunk);
    // 1. Read and validate a chunk without holding the write lock, so a slow
    //    input (a pipe) never keeps other writers waiting. A chunk ends at
    //    chunk_size records or after a second, so results keep flowing.
    bool at_end = false;
    auto read_chunk = [&reader, &at_end, chunk] {
      std::vector<RecordInput> out;
      out.reserve(chunk);
      const auto chunk_started = std::chrono::steady_clock::now();
      while (out.size() < chunk) {
        auto in = reader.next();
        if (!in) {
          at_end = true;
          break;
        }
        out.push_back(std::move(*in));
        if (std::chrono::steady_clock::now() - chunk_started > std::chrono::seconds(1)) break;
      }
      return out;
    };
    // With read_ahead, the next chunk is read on a second thread while this
    // one stores the current chunk. Only this thread touches the database, and
    // only one thread at a time touches the reader (get() orders them).
    std::future<std::vector<RecordInput>> ahead;
    for (;;) {
      std::vector<RecordInput> inputs = ahead.valid() ? ahead.get() : read_chunk();
      if (inputs.empty()) break;
      if (options.read_ahead && !at_end) ahead = std::async(std::launch::async, read_chunk);

      // 2. Register and screen the chunk in one transaction.
      results.clear();
      std::optional<detail::Store::WriteTx> tx;
      const std::string at = impl_->now_text();
      for (auto& in : inputs) {
        ScreenResult res;
        res.record = in.record;
        res.source = std::move(in.source);
        res.external_ref = std::move(in.external_ref);
        if (in.referral && !(partner && serves(*partner, in.referral->region))) {
          in.errors.push_back({"region", "actor " + pro.id +
                                             " may not register referrals in region " +
                                             in.referral->region + ": their partner " +
                                             pro.partner + " does not serve it"});
          in.referral.reset();
        }
        if (!in.referral) {
          res.outcome = Outcome::kInvalid;
          res.errors = std::move(in.errors);
          results.push_back(std::move(res));
          continue;
        }
        const Referral& r = *in.referral;
        if (!options.dry_run && !tx) tx.emplace(st);
        if (auto existing = st.case_by_ref(r.region, *r.external_ref)) {
          res.outcome = Outcome::kDuplicate;
          res.case_id = existing;
        } else if (options.dry_run && st.dry_run_seen(r.region, *r.external_ref)) {
          res.outcome = Outcome::kDuplicate;
        } else {
          Screening s = ifg::screen(r, params);
          if (options.dry_run) {
            st.dry_run_add(r.region, *r.external_ref);
          } else {
            detail::NewCase c;
            c.id = st.next_case_id(r.region, r.received.year);
            c.referral = &r;
            c.referral_json = detail::referral_to_json(r).dump();
            c.status = CaseStatus::kScreened;
            c.outcome = std::string(to_string(s.outcome));
            c.ruleset = s.ruleset;
            c.screening_json = screening_to_json(s);
            c.at = at;
            c.actor = pro.id;
            st.insert_case(c);
            st.refresh_referral_involvement(c.id, r, true);
            st.append_event(c.id, at, pro.id, "registered",
                            json{{"external_ref", *r.external_ref}, {"batch", true}}.dump());
            st.append_event(c.id, at, pro.id, "screened",
                            json{{"outcome", *c.outcome}, {"ruleset", s.ruleset}}.dump());
            res.case_id = c.id;
          }
          res.outcome = s.outcome;
          res.ruleset = s.ruleset;
          res.criteria = std::move(s.criteria);
          res.warnings = std::move(s.warnings);
        }
        results.push_back(std::move(res));
      }
      if (tx) tx->commit();

      // 3. Only now, with the chunk durable, hand its results out.
      for (const auto& r : results) {
        ++summary.by_outcome[static_cast<std::size_t>(r.outcome)];
        ++summary.records;
        if (on_result) on_result(r);
      }
      if (options.on_commit) options.on_commit();
      if (!ahead.valid() && at_end) break;  // (no reader thread runs: at_end is ours)
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
  });
}

void Service::set_justification(std::optional<std::string> justification) {
  if (justification && !detail::utf8_length(*justification))
    throw Error(ErrorCode::kInvalidInput, "the justification is not valid UTF-8");
  impl_->justification = justification;
  impl_->store.set_justification(std::move(justification));
}

AuditHead Service::audit_head() {
  return impl_->guard([&] { return impl_->store.audit_head(); });
}

AuditVerification Service::audit_verify() {
  return impl_->guard([&] { return impl_->store.audit_verify(); });
}

std::vector<AuditEntry> Service::audit_show(const std::optional<std::string>& actor,
                                            const AuditFilter& filter) {
  return impl_->guard([&] {
    const Professional pro = impl_->actor(actor);
    if (!pro.has_role(Role::kCoordinator))
      impl_->deny(pro.id, std::nullopt, "audit show", "the audit trail is for coordinators",
                  "access denied: only a coordinator may read the audit trail");
    // Need-to-know holds for the trail too: only entries of cases in the
    // coordinator's regions, and entries that name no case.
    if (filter.case_id) {
      const auto row = impl_->case_row(*filter.case_id);
      if (!impl_->coordinates(pro, row.region))
        impl_->deny(pro.id, row.id, "audit show", "region scope",
                    "access denied: " + pro.id + " does not coordinate region " + row.region +
                        " of case " + row.id);
    }
    auto partner = impl_->store.partner(pro.partner);
    auto entries = impl_->store.audit_entries(
        filter, partner ? partner->regions : std::vector<std::string>{});
    auto tx = impl_->store.write();
    json details = json::object();  // the filter, not a case: it may name none
    if (filter.case_id) details["case"] = *filter.case_id;
    if (filter.actor) details["actor"] = *filter.actor;
    if (filter.since) details["since"] = filter.since->to_string();
    impl_->store.append_event(std::nullopt, impl_->now_text(), pro.id, "audit show",
                              details.dump(), "read");
    tx.commit();
    return entries;
  });
}

std::optional<Referral> Service::referral(const std::optional<std::string>& actor,
                                          const std::string& case_id) {
  return impl_->guard([&]() -> std::optional<Referral> {
    const Professional pro = impl_->actor(actor);
    auto row = impl_->store.case_row(case_id);
    if (!row) return std::nullopt;
    impl_->authorize(pro, *row, Impl::Need::kRead, "referral");
    impl_->check_read(pro, row->id, "referral");
    Referral r = impl_->stored_referral(*row);
    impl_->record_read(pro, row->id, "referral");
    return r;
  });
}

}  // namespace ifg

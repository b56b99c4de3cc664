// SPDX-License-Identifier: EUPL-1.2
#include "referral_json.h"

#include <algorithm>
#include <charconv>

#include "format.h"
#include "i18n.h"
#include "ifg/json.h"
#include "ifg/screening.h"
#include "json_view.h"

namespace ifg::detail {

namespace {

const std::vector<std::string> kTopKeys{
    "format_version", "external_ref", "region",      "received",
    "referrer",       "channel",      "safety",      "regular_cooperation_sufficient",
    "sectors_needed", "life_domains", "help_status", "measures_status",
    "crisis_partner", "persons",      "summary"};
const std::vector<std::string> kReferrerKeys{"kind", "name", "partner"};
const std::vector<std::string> kPersonKeys{"role", "name", "birth_year"};

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxSummary = 10000;
constexpr std::size_t kMaxExternalRef = 100;
constexpr std::size_t kMaxCode = 100;  ///< a region code, before it is looked up
constexpr std::size_t kMaxDate = 40;   ///< a date, before it is parsed

bool valid_external_ref(std::string_view s) {
  if (s.empty() || s.size() > kMaxExternalRef) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '/' || c == '-';
  });
}

class Checker {
 public:
  Checker(const Catalog& catalog, std::vector<FieldError>& errors)
      : catalog_(catalog), errors_(errors) {}

  void error(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }

  /// A text fact: absent → nullopt; not a string, not UTF-8 or too long → error.
  std::optional<std::string> text(JsonView v, const std::string& field, std::size_t max_len) {
    if (v.absent()) return std::nullopt;
    if (!v.is_string()) {
      error(field, trf("{} must be text, not {}", field, v.describe()));
      return std::nullopt;
    }
    const std::string_view s = v.str();
    const auto len = utf8_length(s);
    if (!len) {
      error(field, trf("{} is not valid UTF-8; save the file as UTF-8", field));
      return std::nullopt;
    }
    if (s.find('\0') != std::string::npos) {  // SQLite's JSON functions would cut the text there
      error(field, trf("{} may not contain NUL characters", field));
      return std::nullopt;
    }
    if (*len > max_len) {
      error(field, trf("{} has {} characters; at most {} are allowed", field, *len, max_len));
      return std::nullopt;
    }
    return std::string(s);
  }

  /// A code of enumeration E; `unknown` is the message, marked with N_(), for
  /// a text that is none ("{} is not a known sector; use one of {}").
  template <class E>
  std::optional<E> enumeration(JsonView v, const std::string& field, const char* unknown) {
    if (v.absent()) return std::nullopt;
    if (!v.is_string()) {
      error(field, trf("{} must be one of {}, not {}", field, enum_codes<E>(), v.describe()));
      return std::nullopt;
    }
    const std::string_view s = v.str();
    auto parsed = parse_enum<E>(s);
    if (!parsed) error(field, trf(unknown, quote_value(s), enum_codes<E>()));
    return parsed;
  }

  std::optional<bool> boolean(JsonView v, const std::string& field) {
    if (v.absent()) return std::nullopt;
    if (v.is_bool()) return v.boolean();
    if (v.is_integer()) {
      const auto n = v.integer();
      if (n == 0 || n == 1) return n == 1;
    } else if (v.is_string()) {
      const std::string t = normalize_token(v.str());
      if (t == "true" || t == "yes" || t == "ja" || t == "1") return true;
      if (t == "false" || t == "no" || t == "nee" || t == "0") return false;
      error(field, trf("{} is not a yes/no value; use true, false, yes, no, ja, nee, 1 or 0",
                       quote_value(v.str())));
      return std::nullopt;
    }
    error(field, trf("{} must be true or false, not {}", field, v.describe()));
    return std::nullopt;
  }

  std::optional<int> birth_year(JsonView v, const std::string& field) {
    if (v.absent()) return std::nullopt;
    long long year = 0;
    bool ok = false;
    if (v.is_integer()) {
      year = v.integer();
      ok = true;
    } else if (v.is_string()) {
      const std::string_view s = v.str();
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), year);
      ok = ec == std::errc() && p == s.data() + s.size();
    }
    if (!ok) {
      error(field, trf("{} must be a year such as 1991", field));
      return std::nullopt;
    }
    if (year < 1900 || year > catalog_.today.year) {
      error(field, trf("{} {} is not a year from 1900 to {}", field, year, catalog_.today.year));
      return std::nullopt;
    }
    return static_cast<int>(year);
  }

  /// The items of a list fact; a single non-list value is an error.
  /// The items of a list fact (absent when not given); a single non-list value is an error.
  JsonView list(JsonView v, const std::string& field) {
    if (v.absent()) return {};
    if (!v.is_array()) {
      error(field, trf("{} must be a list, not {}", field, v.describe()));
      return {};
    }
    return v;
  }

  /// Each unknown key once, in the order of the keys' names (whichever parser read them).
  void unknown_keys(JsonView obj, const std::string& prefix,
                    const std::vector<std::string>& known) {
    std::vector<std::string_view> unknown;
    obj.for_each_key([&](std::string_view k) {
      if (std::find(known.begin(), known.end(), k) == known.end()) unknown.push_back(k);
    });
    std::sort(unknown.begin(), unknown.end());
    unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
    for (const auto k : unknown) {
      const std::string key = named(tr("key"), k);
      const std::string field = prefix + std::string(k);
      if (auto s = suggest(k, known))
        error(field, trf("{} is unknown; did you mean \"{}{}\"?", key, prefix, *s));
      else
        error(field, trf("{} is unknown; the keys are listed in docs/formats.md", key));
    }
  }

  const Catalog& catalog() const { return catalog_; }

 private:
  const Catalog& catalog_;
  std::vector<FieldError>& errors_;
};

/// Whether `list` holds `item` already (lists of the referral keep the first of repeats).
template <class T>
bool holds(const std::vector<T>& list, const T& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

void check_external_ref(Checker& c, JsonView v, ReadMode mode, Referral& r) {
  if (v.absent()) {
    if (mode == ReadMode::kBatch)
      c.error("external_ref",
              tr("external_ref is required in batch input: it is the key that keeps "
                 "a re-run from registering a referral twice"));
    return;
  }
  auto ref = c.text(v, "external_ref", kMaxExternalRef);
  if (!ref) return;
  if (valid_external_ref(*ref))
    r.external_ref = std::move(ref);
  else
    c.error("external_ref", tr("external_ref must be 1-100 characters of A-Z a-z 0-9 . _ / -"));
}

/// The optional "format_version" of a referral document (docs/formats.md):
/// the version of the formats this ifg writes, or absent.
void check_format_version(Checker& c, JsonView v) {
  if (v.absent() || (v.is_integer() && v.integer() == kFormatVersion)) return;
  c.error("format_version",
          trf("format_version must be {} (the version this ifg reads), not {}", kFormatVersion,
              v.is_integer() ? std::to_string(v.integer()) : v.describe()));
}

void check_region(Checker& c, JsonView v, Referral& r) {
  if (v.absent()) {
    c.error("region", tr("region is required (a configured region code such as ANT)"));
    return;
  }
  auto text = c.text(v, "region", kMaxCode);
  if (!text) return;
  std::string code = ascii_upper(trim(*text));
  const auto& regions = c.catalog().regions;
  if (regions.count(code)) {
    r.region = std::move(code);
    return;
  }
  const std::string known = regions.empty() ? std::string(tr("(none: no configuration is loaded)"))
                                            : fmt::format("{}", fmt::join(regions, ", "));
  c.error("region", trf("{} is not configured; use one of {}", named(tr("region"), *text), known));
}

void check_received(Checker& c, JsonView v, Referral& r) {
  if (v.absent()) {
    c.error("received",
            tr("received is required (the date the referral was received, YYYY-MM-DD)"));
    return;
  }
  auto text = c.text(v, "received", kMaxDate);
  if (!text) return;
  const auto date = Date::parse(*text);
  const Date today = c.catalog().today;
  if (!date && trim(*text) != *text)
    c.error("received", tr("received must be a date YYYY-MM-DD without spaces around it"));
  else if (!date)
    c.error("received", trf("{} is not a real date of the form YYYY-MM-DD", quote_value(*text)));
  else if (*date > today)
    c.error("received", trf("received {} lies in the future (today is {})", *date, today));
  else if (*date < kFirstReceived)
    c.error("received", trf("received {} lies before {}: no referral that old is taken", *date,
                            kFirstReceived));
  else
    r.received = *date;
}

void check_referrer_partner(Checker& c, JsonView v, Referral& r) {
  auto partner = c.text(v, "referrer.partner", kMaxName);
  if (!partner) return;
  if (c.catalog().partners.count(*partner))
    r.referrer.partner = std::move(partner);
  else
    c.error("referrer.partner",
            trf("{} is not configured; use the id of a configured partner, or leave it out",
                named(tr("partner"), *partner)));
}

void check_referrer(Checker& c, JsonView v, Referral& r) {
  if (v.absent() || (v.is_object() && v.size() == 0)) {
    c.error("referrer.kind", tr("referrer.kind is required (professional or citizen)"));
    return;
  }
  if (!v.is_object()) {
    c.error("referrer",
            trf("referrer must be an object with kind, name and partner, not {}", v.describe()));
    return;
  }
  c.unknown_keys(v, "referrer.", kReferrerKeys);
  const JsonView kind = v.member("kind");
  if (kind.absent())
    c.error("referrer.kind", tr("referrer.kind is required (professional or citizen)"));
  else if (auto k = c.enumeration<ReferrerKind>(
               kind, "referrer.kind", N_("{} is not a known referrer kind; use one of {}")))
    r.referrer.kind = *k;
  r.referrer.name = c.text(v.member("name"), "referrer.name", kMaxName);
  check_referrer_partner(c, v.member("partner"), r);
}

void check_sectors(Checker& c, JsonView v, Referral& r) {
  c.list(v, "sectors_needed").for_each_item([&](std::size_t i, JsonView item) {
    const std::string field = fmt::format("sectors_needed[{}]", i);
    if (auto s = c.enumeration<Sector>(item, field, N_("{} is not a known sector; use one of {}")))
      if (!holds(r.sectors_needed, *s)) r.sectors_needed.push_back(*s);
  });
}

/// The life domains a referral may name: the default ones and the configured ones.
std::string known_life_domains(const Catalog& catalog) {
  std::vector<std::string> known = default_life_domains();
  known.insert(known.end(), catalog.extra_life_domains.begin(), catalog.extra_life_domains.end());
  return fmt::format("{}", fmt::join(known, ", "));
}

void check_life_domain(Checker& c, JsonView item, const std::string& field, Referral& r) {
  if (item.absent()) return;
  if (!item.is_string()) {
    c.error(field, trf("{} must be text, not {}", field, item.describe()));
    return;
  }
  const std::string text(item.str());
  auto domain = parse_life_domain(text, c.catalog().extra_life_domains);
  if (!domain)
    c.error(field, trf("{} is not a known life domain; use one of {}", quote_value(text),
                       known_life_domains(c.catalog())));
  else if (!holds(r.life_domains, *domain))
    r.life_domains.push_back(std::move(*domain));
}

void check_life_domains(Checker& c, JsonView v, Referral& r) {
  c.list(v, "life_domains").for_each_item([&](std::size_t i, JsonView item) {
    check_life_domain(c, item, fmt::format("life_domains[{}]", i), r);
  });
}

void check_person(Checker& c, JsonView p, const std::string& base, Referral& r) {
  if (!p.is_object()) {
    c.error(base,
            trf("{} must be an object with role, name and birth_year, not {}", base, p.describe()));
    return;
  }
  c.unknown_keys(p, base + ".", kPersonKeys);
  Person person;
  const std::string role_field = base + ".role";
  const JsonView role = p.member("role");
  if (role.absent())
    c.error(role_field, trf("{} is required ({})", role_field, enum_codes<PersonRole>()));
  else if (auto pr = c.enumeration<PersonRole>(role, role_field,
                                               N_("{} is not a known person role; use one of {}")))
    person.role = *pr;
  person.name = c.text(p.member("name"), base + ".name", kMaxName);
  person.birth_year = c.birth_year(p.member("birth_year"), base + ".birth_year");
  r.persons.push_back(std::move(person));
}

void check_persons(Checker& c, JsonView v, Referral& r) {
  c.list(v, "persons").for_each_item([&](std::size_t i, JsonView item) {
    check_person(c, item, fmt::format("persons[{}]", i), r);
  });
}

}  // namespace

Validated validate_referral(const json& doc, const Catalog& catalog, ReadMode mode) {
  return validate_view(JsonView(&doc), catalog, mode);
}

Validated validate_view(const JsonView& doc, const Catalog& catalog, ReadMode mode) {
  Validated out;
  if (!doc.is_object()) {
    out.errors.push_back(
        {std::nullopt, trf("a referral must be an object of keys, not {}", doc.describe())});
    return out;
  }
  Checker c(catalog, out.errors);
  Referral r;
  c.unknown_keys(doc, "", kTopKeys);
  check_format_version(c, doc.member("format_version"));
  check_external_ref(c, doc.member("external_ref"), mode, r);
  check_region(c, doc.member("region"), r);
  check_received(c, doc.member("received"), r);
  check_referrer(c, doc.member("referrer"), r);
  r.channel = c.enumeration<Channel>(doc.member("channel"), "channel",
                                     N_("{} is not a known channel; use one of {}"));
  r.safety = c.enumeration<Safety>(doc.member("safety"), "safety",
                                   N_("{} is not a known safety; use one of {}"));
  r.regular_cooperation_sufficient =
      c.boolean(doc.member("regular_cooperation_sufficient"), "regular_cooperation_sufficient");
  check_sectors(c, doc.member("sectors_needed"), r);
  check_life_domains(c, doc.member("life_domains"), r);
  r.help_status = c.enumeration<HelpStatus>(doc.member("help_status"), "help_status",
                                            N_("{} is not a known help status; use one of {}"));
  r.measures_status =
      c.enumeration<MeasuresStatus>(doc.member("measures_status"), "measures_status",
                                    N_("{} is not a known measures status; use one of {}"));
  r.crisis_partner =
      c.enumeration<PartnerKind>(doc.member("crisis_partner"), "crisis_partner",
                                 N_("{} is not a known partner kind; use one of {}"));
  check_persons(c, doc.member("persons"), r);
  r.summary = c.text(doc.member("summary"), "summary", kMaxSummary);

  out.external_ref = r.external_ref;
  if (!r.region.empty()) out.region = r.region;
  if (out.errors.empty()) out.referral = std::move(r);
  return out;
}

json referral_to_json(const Referral& r) {
  json j = json::object();
  if (r.external_ref) j["external_ref"] = *r.external_ref;
  j["region"] = r.region;
  j["received"] = r.received.to_string();
  json ref = json::object();
  ref["kind"] = std::string(to_string(r.referrer.kind));
  if (r.referrer.name) ref["name"] = *r.referrer.name;
  if (r.referrer.partner) ref["partner"] = *r.referrer.partner;
  j["referrer"] = std::move(ref);
  if (r.channel) j["channel"] = std::string(to_string(*r.channel));
  if (r.safety) j["safety"] = std::string(to_string(*r.safety));
  if (r.regular_cooperation_sufficient)
    j["regular_cooperation_sufficient"] = *r.regular_cooperation_sufficient;
  if (!r.sectors_needed.empty()) {
    json a = json::array();
    for (Sector s : r.sectors_needed) a.push_back(std::string(to_string(s)));
    j["sectors_needed"] = std::move(a);
  }
  if (!r.life_domains.empty()) j["life_domains"] = r.life_domains;
  if (r.help_status) j["help_status"] = std::string(to_string(*r.help_status));
  if (r.measures_status) j["measures_status"] = std::string(to_string(*r.measures_status));
  if (r.crisis_partner) j["crisis_partner"] = std::string(to_string(*r.crisis_partner));
  if (!r.persons.empty()) {
    json a = json::array();
    for (const auto& p : r.persons) {
      json o = json::object();
      o["role"] = std::string(to_string(p.role));
      if (p.name) o["name"] = *p.name;
      if (p.birth_year) o["birth_year"] = *p.birth_year;
      a.push_back(std::move(o));
    }
    j["persons"] = std::move(a);
  }
  if (r.summary) j["summary"] = *r.summary;
  return j;
}

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> kColumns{
      "external_ref",    "region",         "received",
      "referrer_kind",   "referrer_name",  "referrer_partner",
      "channel",         "safety",         "regular_cooperation_sufficient",
      "sectors_needed",  "life_domains",   "help_status",
      "measures_status", "crisis_partner", "persons",
      "summary"};
  return kColumns;
}

namespace {

constexpr std::string_view kReferrerFlag = "referrer.";    ///< "referrer.kind", as a flag names it
constexpr std::string_view kReferrerColumn = "referrer_";  ///< "referrer_kind", as a CSV column

/// The items of a list value written "a|b|c", trimmed; empty items are dropped.
std::vector<std::string> list_items(std::string_view value) {
  std::vector<std::string> items;
  for (const auto& part : split(value, '|'))
    if (auto item = trim(part); !item.empty()) items.push_back(std::move(item));
  return items;
}

/// The key of the referrer object a column names ("referrer_kind" → "kind"), if any.
std::optional<std::string> referrer_member(std::string_view column) {
  auto rest = strip_prefix(column, kReferrerColumn);
  if (!rest || std::find(kReferrerKeys.begin(), kReferrerKeys.end(), *rest) == kReferrerKeys.end())
    return std::nullopt;
  return rest;
}

/// A person of a list written role:name:birth_year, split at the first and the
/// last ':' (name and year may be empty); only the role when there are not two.
struct PersonItem {
  std::string role, name, year;
  bool well_formed = false;
};

PersonItem person_item(const std::string& item) {
  PersonItem p;
  const auto first = item.find(':');
  const auto last = item.rfind(':');
  p.role = trim(item.substr(0, first));
  if (first == std::string::npos || first == last) return p;
  p.well_formed = true;
  p.name = trim(item.substr(first + 1, last - first - 1));
  p.year = trim(item.substr(last + 1));
  return p;
}

void person_error(std::size_t index, std::vector<FieldError>& errors) {
  errors.push_back({fmt::format("persons[{}]", index),
                    tr("a person is written role:name:birth_year (name and year may be "
                       "empty, e.g. child::2016)")});
}

void append_persons(json& list, std::string_view value, std::vector<FieldError>& errors) {
  if (!list.is_array()) list = json::array();
  for (const auto& item : list_items(value)) {
    const PersonItem p = person_item(item);
    if (!p.well_formed) person_error(list.size(), errors);  // the role is still checked
    json person = json::object();
    person["role"] = p.role;
    if (!p.name.empty()) person["name"] = p.name;
    if (!p.year.empty()) person["birth_year"] = p.year;
    list.push_back(std::move(person));
  }
}

/// The persons of a list as a JSON array, as append_persons() builds them.
void write_persons(JsonWriter& w, std::string_view value, std::vector<FieldError>& errors) {
  w.begin_array();
  std::size_t index = 0;
  for (const auto& item : list_items(value)) {
    const PersonItem p = person_item(item);
    if (!p.well_formed) person_error(index, errors);
    w.begin_object().member("role", p.role);
    if (!p.name.empty()) w.member("name", p.name);
    if (!p.year.empty()) w.member("birth_year", p.year);
    w.end_object();
    ++index;
  }
  w.end_array();
}

void append_items(json& list, std::string_view value) {
  if (!list.is_array()) list = json::array();
  for (auto& item : list_items(value)) list.push_back(std::move(item));
}

}  // namespace

json fields_to_json(const FieldValues& values, std::vector<FieldError>& errors) {
  json doc = json::object();
  for (const auto& [raw_key, value] : values) {
    if (value.empty()) continue;
    const auto flag_rest = strip_prefix(raw_key, kReferrerFlag);
    const std::string key = flag_rest ? fmt::format("{}{}", kReferrerColumn, *flag_rest) : raw_key;
    if (auto member = referrer_member(key))
      doc["referrer"][*member] = value;
    else if (key == "sectors_needed" || key == "life_domains")
      append_items(doc[key], value);
    else if (key == "persons")
      append_persons(doc[key], value, errors);
    else
      doc[key] = value;
  }
  return doc;
}

std::string fields_to_json_text(const FieldValues& values, std::vector<FieldError>& errors) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  std::vector<std::pair<std::string, std::string_view>> referrer;
  for (const auto& [key, value] : values) {
    if (value.empty()) continue;
    if (auto member = referrer_member(key)) {
      referrer.emplace_back(std::move(*member), value);
    } else if (key == "sectors_needed" || key == "life_domains") {
      w.key(key).value(list_items(value));
    } else if (key == "persons") {
      w.key(key);
      write_persons(w, value, errors);
    } else {
      w.member(key, value);
    }
  }
  if (!referrer.empty()) {
    w.key("referrer").begin_object();
    for (const auto& [member, value] : referrer) w.member(member, value);
    w.end_object();
  }
  w.end_object();
  return out;
}

std::string describe_type(const json& v) {
  return JsonView(&v).describe();
}

std::optional<std::string> suggest(std::string_view name,
                                   const std::vector<std::string>& candidates) {
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  if (name.size() > 64) return std::nullopt;
  std::optional<std::string> best;
  std::size_t best_d = 3;
  for (const auto& c : candidates) {
    const auto d = distance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace ifg::detail

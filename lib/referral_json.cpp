#include "referral_json.h"

#include <algorithm>
#include <charconv>

#include "ifg/screening.h"

namespace ifg::detail {

namespace {

const std::vector<std::string> kTopKeys{"external_ref",
                                        "region",
                                        "received",
                                        "referrer",
                                        "channel",
                                        "safety",
                                        "regular_cooperation_sufficient",
                                        "sectors_needed",
                                        "life_domains",
                                        "help_status",
                                        "measures_status",
                                        "crisis_partner",
                                        "persons",
                                        "summary"};
const std::vector<std::string> kReferrerKeys{"kind", "name", "partner"};
const std::vector<std::string> kPersonKeys{"role", "name", "birth_year"};

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxSummary = 10000;
constexpr std::size_t kMaxExternalRef = 100;

bool is_absent(const json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_array() && v.empty());
}

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
  std::optional<std::string> text(const json* v, const std::string& field, std::size_t max_len) {
    if (!v || is_absent(*v)) return std::nullopt;
    if (!v->is_string()) {
      error(field, field + " must be text, not " + describe_type(*v));
      return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    const auto len = utf8_length(s);
    if (!len) {
      error(field, field + " is not valid UTF-8; save the file as UTF-8");
      return std::nullopt;
    }
    if (s.find('\0') != std::string::npos) {  // SQLite's JSON functions would cut the text there
      error(field, field + " may not contain NUL characters");
      return std::nullopt;
    }
    if (*len > max_len) {
      error(field, field + " has " + std::to_string(*len) + " characters; at most " +
                       std::to_string(max_len) + " are allowed");
      return std::nullopt;
    }
    return s;
  }

  template <class E>
  std::optional<E> enumeration(const json* v, const std::string& field, std::string_view what) {
    if (!v || is_absent(*v)) return std::nullopt;
    if (!v->is_string()) {
      error(field, field + " must be one of " + enum_codes<E>() + ", not " + describe_type(*v));
      return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    auto parsed = parse_enum<E>(s);
    if (!parsed)
      error(field, quote_value(s) + " is not a known " + std::string(what) + "; use one of " +
                       enum_codes<E>());
    return parsed;
  }

  std::optional<bool> boolean(const json* v, const std::string& field) {
    if (!v || is_absent(*v)) return std::nullopt;
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_number_integer()) {
      const auto n = v->get<long long>();
      if (n == 0 || n == 1) return n == 1;
    } else if (v->is_string()) {
      const std::string t = normalize_token(v->get_ref<const std::string&>());
      if (t == "true" || t == "yes" || t == "ja" || t == "1") return true;
      if (t == "false" || t == "no" || t == "nee" || t == "0") return false;
      error(field, quote_value(v->get_ref<const std::string&>()) +
                       " is not a yes/no value; use true, false, yes, no, ja, nee, 1 or 0");
      return std::nullopt;
    }
    error(field, field + " must be true or false, not " + describe_type(*v));
    return std::nullopt;
  }

  std::optional<int> birth_year(const json* v, const std::string& field) {
    if (!v || is_absent(*v)) return std::nullopt;
    long long year = 0;
    bool ok = false;
    if (v->is_number_integer()) {
      year = v->get<long long>();
      ok = true;
    } else if (v->is_string()) {
      const auto& s = v->get_ref<const std::string&>();
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), year);
      ok = ec == std::errc() && p == s.data() + s.size();
    }
    if (!ok) {
      error(field, field + " must be a year such as 1991");
      return std::nullopt;
    }
    if (year < 1900 || year > catalog_.today.year) {
      error(field, field + " " + std::to_string(year) + " is not a year from 1900 to " +
                       std::to_string(catalog_.today.year));
      return std::nullopt;
    }
    return static_cast<int>(year);
  }

  /// The items of a list fact; a single non-list value is an error.
  const json* list(const json* v, const std::string& field) {
    if (!v || is_absent(*v)) return nullptr;
    if (!v->is_array()) {
      error(field, field + " must be a list, not " + describe_type(*v));
      return nullptr;
    }
    return v;
  }

  void unknown_keys(const json& obj, const std::string& prefix,
                    const std::vector<std::string>& known) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
      const std::string field = prefix + it.key();
      std::string msg = "unknown key " + quote_value(it.key());
      if (auto s = suggest(it.key(), known))
        msg += "; did you mean \"" + prefix + *s + "\"?";
      else
        msg += "; the keys are listed in docs/formats.md";
      error(field, msg);
    }
  }

  const Catalog& catalog() const { return catalog_; }

 private:
  const Catalog& catalog_;
  std::vector<FieldError>& errors_;
};

const json* member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

void check_referrer(Checker& c, const json* v, Referral& r) {
  if (!v || is_absent(*v) || (v->is_object() && v->empty())) {
    c.error("referrer.kind", "referrer.kind is required (professional or citizen)");
    return;
  }
  if (!v->is_object()) {
    c.error("referrer",
            "referrer must be an object with kind, name and partner, not " + describe_type(*v));
    return;
  }
  c.unknown_keys(*v, "referrer.", kReferrerKeys);
  const json* kind = member(*v, "kind");
  if (!kind || is_absent(*kind))
    c.error("referrer.kind", "referrer.kind is required (professional or citizen)");
  else if (auto k = c.enumeration<ReferrerKind>(kind, "referrer.kind", "referrer kind"))
    r.referrer.kind = *k;
  r.referrer.name = c.text(member(*v, "name"), "referrer.name", kMaxName);
  if (auto p = c.text(member(*v, "partner"), "referrer.partner", kMaxName)) {
    if (c.catalog().partners.count(*p))
      r.referrer.partner = p;
    else
      c.error("referrer.partner", "partner " + quote_value(*p) +
                                      " is not configured; use a partner id from `ifg partner "
                                      "list` or leave it out");
  }
}

void check_persons(Checker& c, const json* v, Referral& r) {
  const json* items = c.list(v, "persons");
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& p = (*items)[i];
    const std::string base = "persons[" + std::to_string(i) + "]";
    if (!p.is_object()) {
      c.error(base,
              base + " must be an object with role, name and birth_year, not " + describe_type(p));
      continue;
    }
    c.unknown_keys(p, base + ".", kPersonKeys);
    Person person;
    const json* role = member(p, "role");
    if (!role || is_absent(*role))
      c.error(base + ".role", base + ".role is required (" + enum_codes<PersonRole>() + ")");
    else if (auto pr = c.enumeration<PersonRole>(role, base + ".role", "person role"))
      person.role = *pr;
    person.name = c.text(member(p, "name"), base + ".name", kMaxName);
    person.birth_year = c.birth_year(member(p, "birth_year"), base + ".birth_year");
    r.persons.push_back(std::move(person));
  }
}

}  // namespace

Validated validate_referral(const json& doc, const Catalog& catalog, ReadMode mode) {
  Validated out;
  if (!doc.is_object()) {
    out.errors.push_back(
        {std::nullopt, "a referral must be an object of keys, not " + describe_type(doc)});
    return out;
  }
  Checker c(catalog, out.errors);
  Referral r;
  c.unknown_keys(doc, "", kTopKeys);

  const json* ext = member(doc, "external_ref");
  if (!ext || is_absent(*ext)) {
    if (mode == ReadMode::kBatch)
      c.error("external_ref",
              "external_ref is required in batch input: it is the key that keeps "
              "a re-run from registering a referral twice");
  } else if (auto ref = c.text(ext, "external_ref", kMaxExternalRef)) {
    if (valid_external_ref(*ref)) {
      r.external_ref = ref;
      out.external_ref = ref;
    } else {
      c.error("external_ref", "external_ref must be 1-100 characters of A-Z a-z 0-9 . _ / -");
    }
  }

  const json* region = member(doc, "region");
  if (!region || is_absent(*region)) {
    c.error("region", "region is required (a configured region code such as ANT)");
  } else if (auto text = c.text(region, "region", 100)) {
    std::string code = trim(*text);
    std::transform(code.begin(), code.end(), code.begin(),
                   [](char ch) { return ch >= 'a' && ch <= 'z' ? char(ch - 'a' + 'A') : ch; });
    if (catalog.regions.count(code)) {
      r.region = code;
    } else {
      std::string known;
      for (const auto& k : catalog.regions) known += (known.empty() ? "" : ", ") + k;
      c.error("region", "region " + quote_value(*text) + " is not configured; use one of " +
                            (known.empty() ? std::string("(none: run ifg init --config)") : known));
    }
  }

  const json* received = member(doc, "received");
  if (!received || is_absent(*received)) {
    c.error("received", "received is required (the date the referral was received, YYYY-MM-DD)");
  } else if (auto text = c.text(received, "received", 40)) {
    auto d = Date::parse(trim(*text));
    if (!d)
      c.error("received",
              "received " + quote_value(*text) + " is not a real date of the form YYYY-MM-DD");
    else if (*d > catalog.today)
      c.error("received", "received " + d->to_string() + " lies in the future (today is " +
                              catalog.today.to_string() + ")");
    else
      r.received = *d;
  }

  check_referrer(c, member(doc, "referrer"), r);
  r.channel = c.enumeration<Channel>(member(doc, "channel"), "channel", "channel");
  r.safety = c.enumeration<Safety>(member(doc, "safety"), "safety", "safety");
  r.regular_cooperation_sufficient =
      c.boolean(member(doc, "regular_cooperation_sufficient"), "regular_cooperation_sufficient");
  if (const json* items = c.list(member(doc, "sectors_needed"), "sectors_needed")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string field = "sectors_needed[" + std::to_string(i) + "]";
      if (auto s = c.enumeration<Sector>(&(*items)[i], field, "sector"))
        if (std::find(r.sectors_needed.begin(), r.sectors_needed.end(), *s) ==
            r.sectors_needed.end())
          r.sectors_needed.push_back(*s);
    }
  }
  if (const json* items = c.list(member(doc, "life_domains"), "life_domains")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string field = "life_domains[" + std::to_string(i) + "]";
      const json& item = (*items)[i];
      if (is_absent(item)) continue;
      if (!item.is_string()) {
        c.error(field, field + " must be text, not " + describe_type(item));
        continue;
      }
      auto d = parse_life_domain(item.get_ref<const std::string&>(), catalog.extra_life_domains);
      if (!d) {
        std::string known;
        for (const auto& k : default_life_domains()) known += (known.empty() ? "" : ", ") + k;
        for (const auto& k : catalog.extra_life_domains) known += ", " + k;
        c.error(field, quote_value(item.get_ref<const std::string&>()) +
                           " is not a known life domain; use one of " + known);
      } else if (std::find(r.life_domains.begin(), r.life_domains.end(), *d) ==
                 r.life_domains.end()) {
        r.life_domains.push_back(*d);
      }
    }
  }
  r.help_status =
      c.enumeration<HelpStatus>(member(doc, "help_status"), "help_status", "help status");
  r.measures_status = c.enumeration<MeasuresStatus>(member(doc, "measures_status"),
                                                    "measures_status", "measures status");
  r.crisis_partner =
      c.enumeration<PartnerKind>(member(doc, "crisis_partner"), "crisis_partner", "partner kind");
  check_persons(c, member(doc, "persons"), r);
  r.summary = c.text(member(doc, "summary"), "summary", kMaxSummary);

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

std::vector<std::string> split_items(std::string_view s) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto bar = s.find('|', start);
    const auto end = bar == std::string_view::npos ? s.size() : bar;
    std::string item = trim(s.substr(start, end - start));
    if (!item.empty()) items.push_back(std::move(item));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return items;
}

}  // namespace

json fields_to_json(const FieldValues& values, std::vector<FieldError>& errors) {
  json doc = json::object();
  for (const auto& [raw_key, value] : values) {
    std::string key = raw_key;
    if (key.rfind("referrer.", 0) == 0) key = "referrer_" + key.substr(9);
    if (value.empty()) continue;
    if (key == "referrer_kind" || key == "referrer_name" || key == "referrer_partner") {
      doc["referrer"][key.substr(9)] = value;
    } else if (key == "sectors_needed" || key == "life_domains") {
      json& list = doc[key];
      if (!list.is_array()) list = json::array();
      for (auto& item : split_items(value)) list.push_back(std::move(item));
    } else if (key == "persons") {
      json& list = doc[key];
      if (!list.is_array()) list = json::array();
      for (const auto& item : split_items(value)) {
        const auto first = item.find(':');
        const auto last = item.rfind(':');
        if (first == std::string::npos || first == last) {
          errors.push_back({"persons[" + std::to_string(list.size()) + "]",
                            "a person is written role:name:birth_year (name and year may be "
                            "empty, e.g. child::2016)"});
          // Keep the index of later persons; the role is still checked.
          list.push_back(json{{"role", trim(item.substr(0, first))}});
          continue;
        }
        json person = json::object();
        person["role"] = trim(item.substr(0, first));
        if (auto name = trim(item.substr(first + 1, last - first - 1)); !name.empty())
          person["name"] = name;
        if (auto year = trim(item.substr(last + 1)); !year.empty()) person["birth_year"] = year;
        list.push_back(std::move(person));
      }
    } else {
      doc[key] = value;
    }
  }
  return doc;
}

std::string describe_type(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "a list";
    case json::value_t::string:
      return "text";
    case json::value_t::boolean:
      return "a true/false value";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    default:
      return "a value of another type";
  }
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

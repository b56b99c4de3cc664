// SPDX-License-Identifier: EUPL-1.2
// The configuration file (docs/formats.md, "The configuration file"), read with toml++.
// Every error names the file, the line and the key, and is Error(kConfig).
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crypto.h"
#include "format.h"
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/io.h"
#include "input_file.h"
#include "referral_json.h"
#include "text.h"

namespace ifg {

namespace {

/// Whether `code` is a life-domain code of at most 40 characters a-z, 0-9 and _.
bool is_life_domain_code(std::string_view code) {
  return !code.empty() && code.size() <= 40 && std::all_of(code.begin(), code.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

/// Whether `id` is an instrument id: a-z, 0-9, _ and -, at most 40 characters.
bool is_instrument_id(std::string_view id) {
  return !id.empty() && id.size() <= 40 && std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
  });
}

/// Whether `code` is a region code: 2 to 5 upper-case ASCII letters.
bool is_region_code(std::string_view code) {
  return code.size() >= 2 && code.size() <= 5 &&
         std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

/// Reads one configuration file, a function per section, stopping at the first
/// problem with Error(kConfig, "file:line: key: message"). Keys are named with
/// their prefix ("screening.", "region[1].").
class ConfigReader {
 public:
  explicit ConfigReader(std::string path) : path_(std::move(path)) {}

  Config read() const {
    const toml::table root = parse();
    known_keys(root, "",
               {"screening", "audit", "ui", "region", "partner", "professional", "instrument"});
    Config c;
    c.source = path_;
    c.source_sha256 = file_sha256();
    if (const toml::table* s = section(root, "screening")) c.screening = screening(*s, c.screening);
    if (const toml::table* a = section(root, "audit"))
      c.require_justification = audit(*a, c.require_justification);
    if (const toml::table* u = section(root, "ui")) c.ui = ui(*u);
    c.regions = entries(root, "region", &ConfigReader::region);
    c.partners = entries(root, "partner", &ConfigReader::partner);
    c.professionals = entries(root, "professional", &ConfigReader::professional);
    c.instruments = entries(root, "instrument", &ConfigReader::instrument);
    return c;
  }

 private:
  /// The ids of the entries of one array of tables read so far, to find one defined twice.
  using Ids = std::set<std::string>;
  /// A function that reads one entry of an array of tables (region(), partner(), ...).
  template <class Entry>
  using ReadEntry = Entry (ConfigReader::*)(const toml::table&, const std::string&, Ids&) const;

  /// The SHA-256 of the file's bytes, which the audit trail keeps with the load.
  std::string file_sha256() const {
    std::ifstream in(path_, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return detail::sha256_hex(bytes);
  }

  /// The file as TOML; a syntax error names the line and column.
  toml::table parse() const {
    detail::require_readable_file(path_, ErrorCode::kConfig, tr("the configuration file"));
    try {
      return toml::parse_file(path_);
    } catch (const toml::parse_error& e) {
      const auto& begin = e.source().begin;
      if (begin.line == 0)
        throw Error(ErrorCode::kConfig,
                    trf("{}: cannot read the configuration file: {}", path_, e.description()));
      throw Error(ErrorCode::kConfig, trf("{}:{}:{}: not valid TOML: {}", path_, begin.line,
                                          begin.column, e.description()));
    }
  }

  /// The whole number `key` of [screening], from `lo` to `hi`; `fallback` when left out.
  int whole(const toml::table& s, const char* key, int lo, int hi, int fallback) const {
    return whole_in(s, "screening.", key, lo, hi, fallback);
  }

  /// The whole number `key` of table `t` (key prefix `p`), from `lo` to `hi`;
  /// `fallback` when left out, required when there is none.
  int whole_in(const toml::table& t, std::string_view p, const char* key, int lo, int hi,
               std::optional<int> fallback) const {
    const toml::node* m = t.get(key);
    if (!m && fallback) return *fallback;
    if (!m) fail(&t, p, key, tr("is required"));
    const auto v = m->value<int64_t>();
    if (!m->is_integer() || !v || *v < lo || *v > hi)
      fail(m, p, key, trf("must be a whole number from {} to {}", lo, hi));
    return static_cast<int>(*v);
  }

  /// The [screening] section over the defaults `params`.
  ScreeningParams screening(const toml::table& s, ScreeningParams params) const {
    known_keys(s, "screening.",
               {"min_life_domains", "care_sectors", "security_sectors", "extra_life_domains",
                "repeat_window_months"});
    params.min_life_domains = whole(s, "min_life_domains", 1, 50, params.min_life_domains);
    params.repeat_window_months =
        whole(s, "repeat_window_months", 1, 120, params.repeat_window_months);
    params.care_sectors = sectors(s, "screening.", "care_sectors", params.care_sectors);
    params.security_sectors = sectors(s, "screening.", "security_sectors", params.security_sectors);
    for (const auto& d : strings(s, "screening.", "extra_life_domains", false)) {
      std::string code = normalize_token(d);
      if (!is_life_domain_code(code))
        fail(s.get("extra_life_domains"), "screening.", "extra_life_domains",
             trf("{} is not a code of a-z, 0-9 and _", detail::quote_value(d)));
      params.extra_life_domains.push_back(std::move(code));
    }
    return params;
  }

  /// The [ui] section: a language (nl, en) and a CSV dialect (rfc4180, excel).
  UiSettings ui(const toml::table& u) const {
    known_keys(u, "ui.", {"language", "csv_dialect"});
    UiSettings out;
    const std::string lang = text(u, "ui.", "language", false, 40);
    if (!lang.empty()) {
      const auto l = parse_language(lang);
      if (!l) fail(u.get("language"), "ui.", "language", tr("use nl or en"));
      out.language = std::string(to_string(*l));
    }
    out.csv_dialect = normalize_token(text(u, "ui.", "csv_dialect", false, 40));
    if (!out.csv_dialect.empty() && out.csv_dialect != "rfc4180" && out.csv_dialect != "excel")
      fail(u.get("csv_dialect"), "ui.", "csv_dialect", tr("use rfc4180 or excel"));
    return out;
  }

  /// The [audit] section: whether reading case data needs a justification, else `fallback`.
  bool audit(const toml::table& a, bool fallback) const {
    known_keys(a, "audit.", {"require_justification"});
    return flag(a, "audit.", "require_justification", fallback);
  }

  /// The entries of the array of tables `key` ([[region]], ...), each read by
  /// `read_entry` with its key prefix ("region[0].") and the ids of the entries before it.
  template <class Entry>
  std::vector<Entry> entries(const toml::table& root, const char* key, ReadEntry<Entry> read_entry,
                             const std::string& outer = "") const {
    std::vector<Entry> out;
    const toml::array* array = tables(root, key, outer);
    if (!array) return out;
    Ids ids;
    for (std::size_t i = 0; i < array->size(); ++i)
      out.push_back((this->*read_entry)(*(*array)[i].as_table(),
                                        fmt::format("{}{}[{}].", outer, key, i), ids));
    return out;
  }

  /// One [[region]] entry.
  Region region(const toml::table& t, const std::string& p, Ids& codes) const {
    known_keys(t, p, {"code", "name", "veilig_huis"});
    Region r;
    r.code = detail::ascii_upper(text(t, p, "code", true, 5));
    if (!is_region_code(r.code))
      fail(t.get("code"), p, "code", tr("must be 2 to 5 letters, such as ANT"));
    if (!codes.insert(r.code).second)
      fail(t.get("code"), p, "code", trf("region {} is defined twice", r.code));
    r.name = text(t, p, "name", true);
    r.veilig_huis = text(t, p, "veilig_huis", false);
    return r;
  }

  /// One [[partner]] entry.
  Partner partner(const toml::table& t, const std::string& p, Ids& ids) const {
    known_keys(t, p, {"id", "kind", "name", "regions"});
    Partner pa;
    pa.line = static_cast<int>(t.source().begin.line);
    pa.id = text(t, p, "id", true, 100);
    if (!ids.insert(pa.id).second)
      fail(t.get("id"), p, "id", trf("partner {} is defined twice", pa.id));
    const std::string kind = text(t, p, "kind", true);
    const auto k = parse_enum<PartnerKind>(kind);
    if (!k)
      fail(t.get("kind"), p, "kind",
           trf("{} is not a partner kind; use {}", detail::quote_value(kind),
               enum_codes<PartnerKind>()));
    pa.kind = *k;
    pa.name = text(t, p, "name", true);
    for (const auto& code : strings(t, p, "regions", true))
      pa.regions.push_back(detail::ascii_upper(code));
    return pa;
  }

  /// One [[professional]] entry.
  Professional professional(const toml::table& t, const std::string& p, Ids& ids) const {
    known_keys(t, p, {"id", "name", "partner", "roles", "active"});
    Professional pr;
    pr.line = static_cast<int>(t.source().begin.line);
    pr.id = text(t, p, "id", true, 100);
    if (!ids.insert(pr.id).second)
      fail(t.get("id"), p, "id", trf("professional {} is defined twice", pr.id));
    pr.name = text(t, p, "name", true);
    pr.partner = text(t, p, "partner", true, 100);
    for (const auto& r : strings(t, p, "roles", true)) {
      const auto role = parse_enum<Role>(r);
      if (!role)
        fail(t.get("roles"), p, "roles",
             trf("{} is not a role; use {}", detail::quote_value(r), enum_codes<Role>()));
      if (!pr.has_role(*role)) pr.roles.push_back(*role);
    }
    if (pr.roles.empty()) fail(t.get("roles"), p, "roles", tr("needs at least one role"));
    pr.active = flag(t, p, "active", pr.active);
    return pr;
  }

  /// One [[instrument]] entry with its [[instrument.item]] entries (issue 14).
  Instrument instrument(const toml::table& t, const std::string& p, Ids& ids) const {
    known_keys(t, p, {"id", "name", "applies_to", "threshold", "item"});
    Instrument in;
    in.id = text(t, p, "id", true, 100);
    if (!is_instrument_id(in.id))
      fail(t.get("id"), p, "id",
           tr("must be a code of a-z, 0-9, _ and - of at most 40 characters"));
    if (!ids.insert(in.id).second)
      fail(t.get("id"), p, "id", trf("instrument {} is defined twice", in.id));
    in.name = text(t, p, "name", true);
    for (const auto& r : strings(t, p, "applies_to", true)) {
      const auto role = parse_enum<PersonRole>(r);
      if (!role)
        fail(t.get("applies_to"), p, "applies_to",
             trf("{} is not a role of a person; use {}", detail::quote_value(r),
                 enum_codes<PersonRole>()));
      in.applies_to.push_back(*role);
    }
    in.threshold = whole_in(t, p, "threshold", 1, 10000, std::nullopt);
    in.items = entries(t, "item", &ConfigReader::item, p);
    if (in.items.empty()) fail(&t, p, "item", tr("needs at least one [[instrument.item]]"));
    return in;
  }

  /// One [[instrument.item]] entry.
  InstrumentItem item(const toml::table& t, const std::string& p, Ids& ids) const {
    known_keys(t, p, {"id", "text", "weight"});
    InstrumentItem it;
    it.id = text(t, p, "id", true, 100);
    if (!is_life_domain_code(it.id))
      fail(t.get("id"), p, "id", tr("must be a code of a-z, 0-9, _ and at most 40 characters"));
    if (!ids.insert(it.id).second)
      fail(t.get("id"), p, "id", trf("item {} is defined twice", it.id));
    it.text = text(t, p, "text", true, 500);
    it.weight = whole_in(t, p, "weight", 1, 100, 1);
    return it;
  }

  // The helpers of the sections: failing with a key, and reading one kind of value.

  /// Throws Error(kConfig, "file:line: <prefix><key>: <message>"); without the line
  /// when the node has none.
  [[noreturn]] void fail(const toml::node* node, std::string_view prefix, std::string_view key,
                         std::string_view message) const {
    if (node && node->source().begin.line > 0)
      throw Error(ErrorCode::kConfig, fmt::format("{}:{}: {}{}: {}", path_,
                                                  node->source().begin.line, prefix, key, message));
    throw Error(ErrorCode::kConfig, fmt::format("{}: {}{}: {}", path_, prefix, key, message));
  }

  /// Fails on the first key of `t` that is not one of `keys`, suggesting the closest.
  void known_keys(const toml::table& t, std::string_view prefix,
                  const std::vector<std::string>& keys) const {
    for (auto&& [k, v] : t) {
      if (std::find(keys.begin(), keys.end(), k.str()) != keys.end()) continue;
      const auto guess = detail::suggest(k.str(), keys);
      fail(&v, prefix, k.str(),
           guess ? trf("unknown key; did you mean \"{}\"?", *guess) : tr("unknown key"));
    }
  }

  /// The table `key` of the root ([screening]), or nullptr when it is left out.
  const toml::table* section(const toml::table& root, const char* key) const {
    const toml::node* n = root.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) fail(n, "", key, trf("must be a table ([{}])", key));
    return n->as_table();
  }

  /// The array of tables `key` of the root ([[region]]), or nullptr when it is left out.
  const toml::array* tables(const toml::table& root, const char* key,
                            const std::string& outer = "") const {
    const toml::node* n = root.get(key);
    if (!n) return nullptr;
    if (!n->is_array_of_tables())
      fail(n, outer, key,
           trf("must be an array of tables ([[{}{}]])",
               outer.empty() ? "" : outer.substr(0, outer.find('[')) + ".", key));
    return n->as_array();
  }

  /// A string of at most `max_len` characters; "" when it is left out and not required.
  std::string text(const toml::table& t, std::string_view prefix, const char* key, bool required,
                   std::size_t max_len = 200) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(&t, prefix, key, tr("is required"));
      return {};
    }
    auto s = n->value<std::string>();
    if (!n->is_string() || !s) fail(n, prefix, key, tr("must be a string"));
    const auto len = detail::utf8_length(*s);
    if (!len || *len > max_len)
      fail(n, prefix, key, trf("must be valid UTF-8 of at most {} characters", max_len));
    if (required && s->empty()) fail(n, prefix, key, tr("may not be empty"));
    return *s;
  }

  /// An array of strings; empty when it is left out and not required.
  std::vector<std::string> strings(const toml::table& t, std::string_view prefix, const char* key,
                                   bool required) const {
    const toml::node* n = t.get(key);
    std::vector<std::string> out;
    if (!n) {
      if (required) fail(&t, prefix, key, tr("is required"));
      return out;
    }
    const toml::array* a = n->as_array();
    if (!a) fail(n, prefix, key, tr("must be an array of strings"));
    for (auto&& item : *a) {
      auto s = item.value<std::string>();
      if (!item.is_string() || !s) fail(&item, prefix, key, tr("must be an array of strings"));
      out.push_back(*s);
    }
    return out;
  }

  /// A non-empty list of sectors without repeats, or `fallback` when it is left out.
  std::vector<Sector> sectors(const toml::table& t, std::string_view prefix, const char* key,
                              std::vector<Sector> fallback) const {
    if (!t.get(key)) return fallback;
    std::vector<Sector> out;
    for (const auto& s : strings(t, prefix, key, true)) {
      auto v = parse_enum<Sector>(s);
      if (!v)
        fail(t.get(key), prefix, key,
             trf("\"{}\" is not a sector; use {}", s, enum_codes<Sector>()));
      if (std::find(out.begin(), out.end(), *v) == out.end()) out.push_back(*v);
    }
    if (out.empty()) fail(t.get(key), prefix, key, tr("needs at least one sector"));
    return out;
  }

  /// true or false; `fallback` when it is left out.
  bool flag(const toml::table& t, std::string_view prefix, const char* key, bool fallback) const {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    if (!n->is_boolean()) fail(n, prefix, key, tr("must be true or false"));
    return *n->value<bool>();
  }

  std::string path_;
};

}  // namespace

Config load_config(const std::string& path) {
  return ConfigReader(path).read();
}

}  // namespace ifg

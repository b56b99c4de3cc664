// The configuration file (spec/formats.md, "The configuration file"), read with toml++.
// Every error names the file, the line and the key, and is Error(kConfig).
#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "format.h"
#include "ifg/error.h"
#include "ifg/io.h"
#include "referral_json.h"
#include "text.h"

namespace ifg {

namespace {

class ConfigReader {
 public:
  explicit ConfigReader(std::string path) : path_(std::move(path)) {}

  /// Throws Error(kConfig, "file:line: <prefix><key>: <message>"); without the line
  /// when the node has none.
  [[noreturn]] void fail(const toml::node* node, std::string_view prefix, std::string_view key,
                         std::string_view message) {
    if (node && node->source().begin.line > 0)
      throw Error(ErrorCode::kConfig, fmt::format("{}:{}: {}{}: {}", path_,
                                                  node->source().begin.line, prefix, key, message));
    throw Error(ErrorCode::kConfig, fmt::format("{}: {}{}: {}", path_, prefix, key, message));
  }

  void known_keys(const toml::table& t, std::string_view prefix,
                  const std::vector<std::string>& keys) {
    for (auto&& [k, v] : t) {
      if (std::find(keys.begin(), keys.end(), k.str()) != keys.end()) continue;
      const auto guess = detail::suggest(k.str(), keys);
      fail(&v, prefix, k.str(),
           guess ? fmt::format("unknown key; did you mean \"{}\"?", *guess) : "unknown key");
    }
  }

  std::string text(const toml::table& t, std::string_view prefix, const char* key, bool required,
                   std::size_t max_len = 200) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(&t, prefix, key, "is required");
      return {};
    }
    auto s = n->value<std::string>();
    if (!n->is_string() || !s) fail(n, prefix, key, "must be a string");
    const auto len = detail::utf8_length(*s);
    if (!len || *len > max_len)
      fail(n, prefix, key, fmt::format("must be valid UTF-8 of at most {} characters", max_len));
    if (required && s->empty()) fail(n, prefix, key, "may not be empty");
    return *s;
  }

  std::vector<std::string> strings(const toml::table& t, std::string_view prefix, const char* key,
                                   bool required) {
    const toml::node* n = t.get(key);
    std::vector<std::string> out;
    if (!n) {
      if (required) fail(&t, prefix, key, "is required");
      return out;
    }
    const toml::array* a = n->as_array();
    if (!a) fail(n, prefix, key, "must be an array of strings");
    for (auto&& item : *a) {
      auto s = item.value<std::string>();
      if (!item.is_string() || !s) fail(&item, prefix, key, "must be an array of strings");
      out.push_back(*s);
    }
    return out;
  }

  std::vector<Sector> sectors(const toml::table& t, std::string_view prefix, const char* key,
                              std::vector<Sector> fallback) {
    if (!t.get(key)) return fallback;
    std::vector<Sector> out;
    for (const auto& s : strings(t, prefix, key, true)) {
      auto v = parse_enum<Sector>(s);
      if (!v)
        fail(t.get(key), prefix, key,
             fmt::format("\"{}\" is not a sector; use {}", s, enum_codes<Sector>()));
      if (std::find(out.begin(), out.end(), *v) == out.end()) out.push_back(*v);
    }
    if (out.empty()) fail(t.get(key), prefix, key, "needs at least one sector");
    return out;
  }

  const toml::array* tables(const toml::table& root, const char* key) {
    const toml::node* n = root.get(key);
    if (!n) return nullptr;
    if (!n->is_array_of_tables())
      fail(n, "", key, fmt::format("must be an array of tables ([[{}]])", key));
    return n->as_array();
  }

  Config read() {
    toml::table root;
    try {
      root = toml::parse_file(path_);
    } catch (const toml::parse_error& e) {
      const auto& src = e.source();
      if (src.begin.line == 0)
        throw Error(ErrorCode::kConfig, fmt::format("{}: cannot read the configuration file: {}",
                                                    path_, e.description()));
      throw Error(ErrorCode::kConfig,
                  fmt::format("{}:{}:{}: not valid TOML: {}", path_, src.begin.line,
                              src.begin.column, e.description()));
    }
    Config c;
    c.source = path_;
    known_keys(root, "", {"screening", "audit", "region", "partner", "professional"});

    if (const toml::node* n = root.get("screening")) {
      const toml::table* s = n->as_table();
      if (!s) fail(n, "", "screening", "must be a table ([screening])");
      known_keys(*s, "screening.",
                 {"min_life_domains", "care_sectors", "security_sectors", "extra_life_domains"});
      if (const toml::node* m = s->get("min_life_domains")) {
        auto v = m->value<int64_t>();
        if (!m->is_integer() || !v || *v < 1 || *v > 50)
          fail(m, "screening.", "min_life_domains", "must be a whole number from 1 to 50");
        c.screening.min_life_domains = static_cast<int>(*v);
      }
      c.screening.care_sectors =
          sectors(*s, "screening.", "care_sectors", c.screening.care_sectors);
      c.screening.security_sectors =
          sectors(*s, "screening.", "security_sectors", c.screening.security_sectors);
      for (const auto& d : strings(*s, "screening.", "extra_life_domains", false)) {
        const std::string code = normalize_token(d);
        const bool ok = !code.empty() && code.size() <= 40 &&
                        std::all_of(code.begin(), code.end(), [](char ch) {
                          return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
                        });
        if (!ok)
          fail(s->get("extra_life_domains"), "screening.", "extra_life_domains",
               fmt::format("{} is not a code of a-z, 0-9 and _", detail::quote_value(d)));
        c.screening.extra_life_domains.push_back(code);
      }
    }

    if (const toml::node* n = root.get("audit")) {
      const toml::table* a = n->as_table();
      if (!a) fail(n, "", "audit", "must be a table ([audit])");
      known_keys(*a, "audit.", {"require_justification"});
      if (const toml::node* r = a->get("require_justification")) {
        if (!r->is_boolean()) fail(r, "audit.", "require_justification", "must be true or false");
        c.require_justification = *r->value<bool>();
      }
    }

    std::set<std::string> seen;
    if (const toml::array* regions = tables(root, "region")) {
      for (std::size_t i = 0; i < regions->size(); ++i) {
        const toml::table& t = *(*regions)[i].as_table();
        const std::string p = fmt::format("region[{}].", i);
        known_keys(t, p, {"code", "name", "veilig_huis"});
        Region r;
        r.code = detail::ascii_upper(text(t, p, "code", true, 5));
        if (r.code.size() < 2 || !std::all_of(r.code.begin(), r.code.end(),
                                              [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
          fail(t.get("code"), p, "code", "must be 2 to 5 letters, such as ANT");
        if (!seen.insert(fmt::format("region {}", r.code)).second)
          fail(t.get("code"), p, "code", fmt::format("region {} is defined twice", r.code));
        r.name = text(t, p, "name", true);
        r.veilig_huis = text(t, p, "veilig_huis", false);
        c.regions.push_back(std::move(r));
      }
    }

    if (const toml::array* partners = tables(root, "partner")) {
      for (std::size_t i = 0; i < partners->size(); ++i) {
        const toml::table& t = *(*partners)[i].as_table();
        const std::string p = fmt::format("partner[{}].", i);
        known_keys(t, p, {"id", "kind", "name", "regions"});
        Partner pa;
        pa.line = static_cast<int>((*partners)[i].source().begin.line);
        pa.id = text(t, p, "id", true, 100);
        if (!seen.insert(fmt::format("partner {}", pa.id)).second)
          fail(t.get("id"), p, "id", fmt::format("partner {} is defined twice", pa.id));
        const std::string kind = text(t, p, "kind", true);
        auto k = parse_enum<PartnerKind>(kind);
        if (!k)
          fail(t.get("kind"), p, "kind",
               fmt::format("{} is not a partner kind; use {}", detail::quote_value(kind),
                           enum_codes<PartnerKind>()));
        pa.kind = *k;
        pa.name = text(t, p, "name", true);
        for (const auto& code : strings(t, p, "regions", true))
          pa.regions.push_back(detail::ascii_upper(code));
        c.partners.push_back(std::move(pa));
      }
    }

    if (const toml::array* pros = tables(root, "professional")) {
      for (std::size_t i = 0; i < pros->size(); ++i) {
        const toml::table& t = *(*pros)[i].as_table();
        const std::string p = fmt::format("professional[{}].", i);
        known_keys(t, p, {"id", "name", "partner", "roles", "active"});
        Professional pr;
        pr.line = static_cast<int>((*pros)[i].source().begin.line);
        pr.id = text(t, p, "id", true, 100);
        if (!seen.insert(fmt::format("professional {}", pr.id)).second)
          fail(t.get("id"), p, "id", fmt::format("professional {} is defined twice", pr.id));
        pr.name = text(t, p, "name", true);
        pr.partner = text(t, p, "partner", true, 100);
        for (const auto& r : strings(t, p, "roles", true)) {
          auto role = parse_enum<Role>(r);
          if (!role)
            fail(t.get("roles"), p, "roles",
                 fmt::format("{} is not a role; use {}", detail::quote_value(r),
                             enum_codes<Role>()));
          if (!pr.has_role(*role)) pr.roles.push_back(*role);
        }
        if (pr.roles.empty()) fail(t.get("roles"), p, "roles", "needs at least one role");
        if (const toml::node* a = t.get("active")) {
          if (!a->is_boolean()) fail(a, p, "active", "must be true or false");
          pr.active = *a->value<bool>();
        }
        c.professionals.push_back(std::move(pr));
      }
    }
    return c;
  }

 private:
  std::string path_;
};

}  // namespace

Config load_config(const std::string& path) {
  return ConfigReader(path).read();
}

}  // namespace ifg

#include "common.h"

#include <fmt/format.h>
#include <cerrno>
#include <cstdlib>

#include <iostream>

#include "ifg/error.h"
#include "ifg/i18n.h"

namespace ifg::cli {

void setup_globals(CLI::App& app, GlobalOptions& g) {
  app.option_defaults()->always_capture_default();
  app.add_option("--db", g.db, "the SQLite database file")->envname("IFG_DB");
  app.add_option("--as", g.actor, "the professional acting (their id)")->envname("IFG_ACTOR");
  app.add_option("--format", g.format, "text, json, jsonl or csv (reports also markdown, html)");
  app.add_option("--justification", g.justification, "why you look at case data (audit trail)")
      ->envname("IFG_JUSTIFICATION");
  app.add_flag("--quiet", g.quiet, "no progress or summary on stderr");
  app.add_option("--lang", g.lang, "the language of messages: nl or en")->envname("IFG_LANG");
}

namespace {

/// The value of --lang in argv (`--lang nl` or `--lang=nl`), if given.
std::optional<std::string> lang_argument(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--lang" && i + 1 < argc) return std::string(argv[i + 1]);
    if (arg.rfind("--lang=", 0) == 0) return std::string(arg.substr(7));
  }
  return std::nullopt;
}

Language named_language(const std::string& source, const std::string& value) {
  if (auto l = parse_language(value)) return *l;
  throw Error(ErrorCode::kUsage,
              fmt::format("{} {:?} is not a language ifg speaks; use nl or en", source, value));
}

}  // namespace

bool choose_language(int argc, char** argv) {
  if (auto given = lang_argument(argc, argv)) {
    set_language(named_language("--lang", *given));
    return true;
  }
  if (const char* env = std::getenv("IFG_LANG"); env && *env) {
    set_language(named_language("IFG_LANG", env));
    return true;
  }
  set_language(language_from_environment().value_or(Language::kEnglish));
  return false;
}

namespace {

/// IFG_TESTING=1: the test hooks (IFG_NOW) are honoured.
bool testing() {
  const char* t = std::getenv("IFG_TESTING");
  return t && std::string_view(t) == "1";
}

}  // namespace

Service open_service(const GlobalOptions& g, bool create) {
  ServiceOptions o;
  o.db_path = g.db;
  o.create = create;
  if (const char* now = std::getenv("IFG_NOW"); now && *now && !testing()) {
    std::cerr << "ifg: IFG_NOW is ignored: it is a test hook, honoured only with IFG_TESTING=1\n";
  } else if (now && *now) {
    auto t = parse_timestamp(now);
    if (!t)
      throw Error(ErrorCode::kUsage, std::string("IFG_NOW=") + now +
                                         " is not an ISO date-time such as 2026-11-28T10:00:00Z");
    const Timestamp fixed = *t;
    o.clock = [fixed] { return fixed; };
  }
  // IFG_BUSY_TIMEOUT_MS: how long to wait for another writer (docs/reliability.md).
  if (const char* ms = std::getenv("IFG_BUSY_TIMEOUT_MS"); ms && *ms) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(ms, &end, 10);
    if (*end != '\0' || errno != 0 || v < 0 || v > 3600000)
      throw Error(ErrorCode::kUsage, std::string("IFG_BUSY_TIMEOUT_MS=") + ms +
                                         " is not a number of milliseconds from 0 to 3600000");
    o.busy_timeout_ms = static_cast<int>(v);
  }
  Service service(std::move(o));
  if (g.justification && !g.justification->empty()) service.set_justification(*g.justification);
  return service;
}

std::string output_format(const GlobalOptions& g, const std::string& command,
                          const std::vector<std::string>& allowed) {
  const std::string f = normalize_token(g.format);
  for (const auto& a : allowed)
    if (f == a) return f;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw Error(ErrorCode::kUsage,
              "ifg " + command + " does not print --format " + g.format + "; use " + list);
}

std::optional<InputFormat> input_format(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const std::string t = normalize_token(text);
  for (auto f : {InputFormat::kJsonl, InputFormat::kJson, InputFormat::kToml, InputFormat::kCsv})
    if (t == to_string(f)) return f;
  if (t == "ndjson") return InputFormat::kJsonl;
  throw Error(ErrorCode::kUsage,
              "--input-format " + text + " is not a referral format; use jsonl, json, toml or csv");
}

void note(const GlobalOptions& g, const std::string& line) {
  if (!g.quiet) std::cerr << line << '\n';
}

}  // namespace ifg::cli

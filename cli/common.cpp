// SPDX-License-Identifier: EUPL-1.2
#include "common.h"
#include "complete.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <iostream>
#include <map>

#include "i18n.h"
#include "ifg/error.h"
#include "ifg/i18n.h"

namespace ifg::cli {

void setup_globals(CLI::App& app, GlobalOptions& g) {
  app.option_defaults()->always_capture_default();
  complete_files(
      app.add_option("--db", g.db,
                     tr("the database: an SQLite file, or a PostgreSQL URI or connection string"))
          ->envname("IFG_DB"));
  app.add_option("--as", g.actor, tr("the professional acting (their id)"))->envname("IFG_ACTOR");
  complete_values(
      app.add_option("--format", g.format,
                     tr("text, json, jsonl, csv or xlsx (reports also markdown, html)")),
      {"text", "json", "jsonl", "csv", "xlsx", "markdown", "html"});
  app.add_option("--justification", g.justification, tr("why you look at case data (audit trail)"))
      ->envname("IFG_JUSTIFICATION");
  app.add_flag("--quiet", g.quiet, tr("no progress or summary on stderr"));
  complete_values(app.add_option("--lang", g.lang, tr("the language of messages: nl or en"))
                      ->envname("IFG_LANG"),
                  {"nl", "en"});
  complete_values(app.add_option("--csv-dialect", g.csv_dialect,
                                 tr("CSV as rfc4180 (for scripts) or excel (';', BOM, CRLF, "
                                    "d/m/yyyy: for Excel in a Belgian locale)")),
                  {"rfc4180", "excel"});
  complete_files(
      app.add_option("--output", g.output,
                     tr("write the output to this file (mode 0600) instead of standard output")));
}

namespace {

/// The value of `option` in argv (`--lang nl` or `--lang=nl`), read ahead of
/// parsing, if given.
std::optional<std::string> option_argument(int argc, char** argv, std::string_view option) {
  const std::string with_value = std::string(option) + "=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == option && i + 1 < argc) return std::string(argv[i + 1]);
    if (arg.rfind(with_value, 0) == 0) return std::string(arg.substr(with_value.size()));
  }
  return std::nullopt;
}

Language named_language(const std::string& source, const std::string& value) {
  if (auto l = parse_language(value)) return *l;
  throw Error(ErrorCode::kUsage,
              trf("{} {:?} is not a language ifg speaks; use nl or en", source, value));
}

/// --output: the file named, and the temporary file beside it that standard
/// output writes to until output_done() puts it in place.
struct OutputFile {
  std::string path;
  std::string temporary;
};
std::optional<OutputFile> output_file;

}  // namespace

void redirect_output(int argc, char** argv) {
  const auto path = option_argument(argc, argv, "--output");
  if (!path || path->empty()) return;
  std::string temporary = *path + ".ifg-XXXXXX";
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);  // mode 0600, a new file
  if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0)
    throw Error(ErrorCode::kStorage,
                trf("cannot write --output {}: {}; name a file in a folder you may write to", *path,
                    std::strerror(errno)));
  ::close(fd);
  output_file = OutputFile{*path, temporary};
}

int output_done(int code) {
  if (!output_file) return code;
  const bool keep = code == 0 || code == static_cast<int>(ErrorCode::kInvalidInput);
  if (keep && ::rename(output_file->temporary.c_str(), output_file->path.c_str()) == 0) return code;
  const int error = errno;
  ::unlink(output_file->temporary.c_str());
  if (!keep) return code;
  std::cerr << "ifg: "
            << trf("cannot write --output {}: {}; name a file in a folder you may write to",
                   output_file->path, std::strerror(error))
            << '\n';
  return static_cast<int>(ErrorCode::kStorage);
}

namespace {
std::optional<std::string> configured_dialect;  // [ui] csv_dialect, once read
std::string last_format;                        // of output_format(), for [ui] csv_dialect

/// The configuration's [ui]: its language unless --lang or IFG_LANG chose
/// one, and its CSV dialect unless --csv-dialect did (for a CSV chosen before).
void apply_ui_settings(const GlobalOptions& g, const UiSettings& ui) {
  if (!g.language_given && !ui.language.empty())
    if (auto l = parse_language(ui.language)) set_language(*l);
  configured_dialect = ui.csv_dialect;
  if (last_format == "csv" && excel_csv(g)) use_excel_csv();
}
}  // namespace

bool excel_csv(const GlobalOptions& g) {
  const std::string d =
      normalize_token(g.csv_dialect.empty() ? configured_dialect.value_or("") : g.csv_dialect);
  if (d.empty() || d == "rfc4180") return false;
  if (d == "excel") return true;
  throw Error(ErrorCode::kUsage,
              trf("--csv-dialect {:?} is not a CSV dialect; use rfc4180 or excel", d));
}

bool choose_language(int argc, char** argv) {
  if (const char* dir = std::getenv("IFG_LOCALEDIR"); dir && *dir) set_locale_dir(dir);
  if (auto given = option_argument(argc, argv, "--lang")) {
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

std::optional<Timestamp> fixed_clock() {
  const char* now = std::getenv("IFG_NOW");
  if (!now || !*now) return std::nullopt;
  if (!testing()) {
    std::cerr << "ifg: "
              << tr("IFG_NOW is ignored: it is a test hook, honoured only with IFG_TESTING=1")
              << '\n';
    return std::nullopt;
  }
  auto t = parse_timestamp(now);
  if (!t)
    throw Error(ErrorCode::kUsage,
                trf("IFG_NOW={} is not an ISO date-time such as 2026-11-28T10:00:00Z", now));
  return t;
}

Service open_service(const GlobalOptions& g, bool create) {
  ServiceOptions o;
  o.db_path = g.db;
  o.create = create;
  if (const auto fixed = fixed_clock()) o.clock = [t = *fixed] { return t; };
  // IFG_BUSY_TIMEOUT_MS: how long to wait for another writer (docs/reliability.md).
  if (const char* ms = std::getenv("IFG_BUSY_TIMEOUT_MS"); ms && *ms) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(ms, &end, 10);
    if (*end != '\0' || errno != 0 || v < 0 || v > 3600000)
      throw Error(
          ErrorCode::kUsage,
          trf("IFG_BUSY_TIMEOUT_MS={} is not a number of milliseconds from 0 to 3600000", ms));
    o.busy_timeout_ms = static_cast<int>(v);
  }
  Service service(std::move(o));
  apply_ui_settings(g, service.ui_settings());
  if (g.justification && !g.justification->empty()) service.set_justification(*g.justification);
  return service;
}

namespace {
std::string last_command;  // output_title()
}  // namespace

const std::string& output_title() {
  return last_command;
}

namespace {

using Formats = std::vector<std::string>;
const Formats kChange{"text", "json"};                                     // what a command did
const Formats kStream{"text", "json", "jsonl"};                            // records, no table
const Formats kResults{"text", "json", "jsonl", "csv"};                    // screening results
const Formats kTable{"text", "json", "jsonl", "csv", "xlsx"};              // lists
const Formats kReport{"text", "json", "csv", "markdown", "html", "xlsx"};  // reports

const std::map<std::string, const Formats*, std::less<>> kFormats{{"assign", &kChange},
                                                                  {"audit head", &kChange},
                                                                  {"audit show", &kStream},
                                                                  {"audit verify", &kChange},
                                                                  {"case find", &kTable},
                                                                  {"case list", &kTable},
                                                                  {"close", &kChange},
                                                                  {"decide", &kChange},
                                                                  {"export person", &kChange},
                                                                  {"init", &kChange},
                                                                  {"log", &kTable},
                                                                  {"migrate", &kChange},
                                                                  {"meeting add", &kChange},
                                                                  {"meeting held", &kChange},
                                                                  {"meeting list", &kTable},
                                                                  {"monitor", &kChange},
                                                                  {"partner list", &kTable},
                                                                  {"person add", &kChange},
                                                                  {"person cases", &kChange},
                                                                  {"person link", &kChange},
                                                                  {"person links", &kStream},
                                                                  {"person list", &kTable},
                                                                  {"person remove", &kChange},
                                                                  {"person unlink", &kChange},
                                                                  {"person update", &kChange},
                                                                  {"plan activate", &kChange},
                                                                  {"plan add", &kChange},
                                                                  {"plan list", &kTable},
                                                                  {"plan set", &kChange},
                                                                  {"professional list", &kTable},
                                                                  {"purge", &kChange},
                                                                  {"register", &kChange},
                                                                  {"reopen", &kChange},
                                                                  {"report actions", &kReport},
                                                                  {"report case", &kReport},
                                                                  {"report caseload", &kReport},
                                                                  {"report region", &kReport},
                                                                  {"risk add", &kChange},
                                                                  {"risk instruments", &kChange},
                                                                  {"risk list", &kTable},
                                                                  {"screen", &kResults},
                                                                  {"screen --batch", &kResults},
                                                                  {"transfer", &kChange},
                                                                  {"update", &kChange}};

}  // namespace

const std::vector<std::string>& output_formats(const std::string& command) {
  static const Formats none;
  const auto it = kFormats.find(command);
  return it == kFormats.end() ? none : *it->second;
}

std::string output_format(const GlobalOptions& g, const std::string& command) {
  const Formats& allowed = output_formats(command);
  if (allowed.empty())
    throw Error(ErrorCode::kInternal, trf("no output formats are known for ifg {}", command));
  excel_csv(g);  // a --csv-dialect that is not known is refused with any format
  last_command = command;
  last_format = normalize_token(g.format);
  const std::string f = normalize_token(g.format);
  for (const auto& a : allowed) {
    if (f != a) continue;
    if (f == "csv" && excel_csv(g)) use_excel_csv();
    if (f == "xlsx" && g.output.empty() && ::isatty(STDOUT_FILENO))
      throw Error(ErrorCode::kUsage,
                  tr("--format xlsx writes a workbook, not text for a terminal: add --output "
                     "FILE.xlsx or redirect standard output to a file"));
    return f;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw Error(ErrorCode::kUsage,
              trf("ifg {} does not print --format {}; use {}", command, g.format, list));
}

namespace {
constexpr InputFormat kInputFormats[] = {InputFormat::kJsonl, InputFormat::kJson,
                                         InputFormat::kToml, InputFormat::kCsv};
}  // namespace

std::vector<std::string> input_format_names() {
  std::vector<std::string> names;
  for (auto f : kInputFormats) names.emplace_back(to_string(f));
  return names;
}

std::optional<InputFormat> input_format(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const std::string t = normalize_token(text);
  for (auto f : kInputFormats)
    if (t == to_string(f)) return f;
  if (t == "ndjson") return InputFormat::kJsonl;
  throw Error(
      ErrorCode::kUsage,
      trf("--input-format {} is not a referral format; use jsonl, json, toml or csv", text));
}

void note(const GlobalOptions& g, const std::string& line) {
  if (!g.quiet) std::cerr << line << '\n';
}

}  // namespace ifg::cli

// SPDX-License-Identifier: EUPL-1.2
// Shared parts of the `ifg` commands: the global options and opening the library.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/service.h"

namespace ifg::cli {

/// The global options (docs/getting-started.md), accepted before or after the command.
struct GlobalOptions {
  std::string db = "ifg.db";
  std::optional<std::string> actor;
  std::string format = "text";
  std::optional<std::string> justification;
  bool quiet = false;
  std::string lang;             ///< --lang as given (choose_language() has read it)
  std::string csv_dialect;      ///< --csv-dialect: "" (the configuration's), rfc4180 or excel
  std::string output;           ///< --output as given (redirect_output() has used it)
  bool language_given = false;  ///< --lang or IFG_LANG chose the language
};

/// Chooses the language of messages before the commands are set up, so that
/// their help is in it too: --lang (read ahead of parsing), IFG_LANG, then the
/// environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English. True when
/// --lang or IFG_LANG chose it, which the configuration's [ui] language may
/// not override. Throws Error(kUsage) for a language that is neither nl nor en.
bool choose_language(int argc, char** argv);

/// Adds the global options to `app`, storing into `g` (which must outlive parsing).
void setup_globals(CLI::App& app, GlobalOptions& g);

/// Sends standard output to the file named by --output (read ahead of
/// parsing), if given: to a new temporary file beside it (mode 0600), which
/// output_done() renames into place. Throws Error(kStorage) when it cannot be
/// created.
void redirect_output(int argc, char** argv);

/// Puts the --output file in place when the command ended with `code` 0 or 5
/// (a batch's results are written also when some records are invalid), and
/// otherwise removes it, leaving a file that was there as it was. Returns the
/// exit code: 6 when the file cannot be put in place.
int output_done(int code);

/// Whether CSV is read and written in Excel's dialect for a Belgian locale:
/// --csv-dialect, else the configuration's [ui] csv_dialect (once a command
/// has opened the database), else RFC 4180. Error(kUsage) for another value.
bool excel_csv(const GlobalOptions& g);

/// The time IFG_NOW fixes, with IFG_TESTING=1 (a test hook); none otherwise.
std::optional<Timestamp> fixed_clock();
/// Opens the database named by --db; `create` only for `init`.
Service open_service(const GlobalOptions& g, bool create = false);

/// The output formats `ifg COMMAND` prints, from the one table of them in
/// common.cpp ("plan list": text, json, jsonl, csv, xlsx; "screen --batch" is
/// screen with a batch); empty for a name that prints nothing of its own.
const std::vector<std::string>& output_formats(const std::string& command);

/// The --format value for `command`, one of output_formats(command); a usage
/// error (exit 2) naming the command and its formats otherwise.
std::string output_format(const GlobalOptions& g, const std::string& command);

/// The command named to the last output_format() ("case list"): a workbook's sheet name.
const std::string& output_title();

/// The codes of the input formats (jsonl, json, toml, csv), as input_format() reads them.
std::vector<std::string> input_format_names();

/// The input format named by --input-format, if any.
std::optional<InputFormat> input_format(const std::string& text);

/// An error's message followed by its hint in this program's words (cli/hints.cpp).
std::string error_text(const Error& e);

/// Writes a line to stderr unless --quiet.
void note(const GlobalOptions& g, const std::string& line);

/// While it lives, std::cout writes to file descriptor 1 through a buffer that
/// remembers the first failed write (cli/stdout.cpp). One, in main().
class StdoutGuard {
 public:
  StdoutGuard();
  ~StdoutGuard();
  StdoutGuard(const StdoutGuard&) = delete;
  StdoutGuard& operator=(const StdoutGuard&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Flushes std::cout; why a write to it failed ("No space left on device"), or
/// nothing when all of it was written or the failure was taken before (so it
/// is reported once). When the reader went away (EPIPE) the program ends here
/// by SIGPIPE, as `ifg ... | head` always has.
std::optional<std::string> take_stdout_failure();

/// From now on, CSV written to std::cout is in Excel's dialect for a Belgian
/// locale: UTF-8 BOM, `;` between cells, CRLF line ends (--csv-dialect excel).
/// Needs the StdoutGuard; once per process.
void use_excel_csv();

// One setup function per command file.
void setup_init(CLI::App& app, const GlobalOptions& g);
void setup_migrate(CLI::App& app, const GlobalOptions& g);
void setup_lists(CLI::App& app, const GlobalOptions& g);
void setup_case(CLI::App& app, const GlobalOptions& g);
void setup_register(CLI::App& app, const GlobalOptions& g);
void setup_update(CLI::App& app, const GlobalOptions& g);
void setup_screen(CLI::App& app, const GlobalOptions& g);
void setup_decide(CLI::App& app, const GlobalOptions& g);
void setup_meeting(CLI::App& app, const GlobalOptions& g);
void setup_person(CLI::App& app, const GlobalOptions& g);
void setup_risk(CLI::App& app, const GlobalOptions& g);
void setup_plan(CLI::App& app, const GlobalOptions& g);
void setup_assign(CLI::App& app, const GlobalOptions& g);
void setup_close(CLI::App& app, const GlobalOptions& g);
void setup_lifecycle(CLI::App& app, const GlobalOptions& g);
void setup_log(CLI::App& app, const GlobalOptions& g);
void setup_audit(CLI::App& app, const GlobalOptions& g);
void setup_purge(CLI::App& app, const GlobalOptions& g);
void setup_report(CLI::App& app, const GlobalOptions& g);

}  // namespace ifg::cli

// SPDX-License-Identifier: EUPL-1.2
// ifg: the command line over libifg. One try here turns every failure into a
// message on stderr and the exit code of docs/exit-codes.md.
#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include "common.h"
#include "complete.h"
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/version.h"
#include "manpage.h"

namespace {

/// Names an unknown command or subcommand before CLI11 would only say "A
/// subcommand is required". Throws Error(kUsage).
void check_command_words(CLI::App& app, int argc, char** argv) {
  static const std::set<std::string> kTakesValue{
      "--db", "--as", "--format", "--justification", "--lang", "--csv-dialect", "--output"};
  CLI::App* level = &app;
  std::string path = "ifg";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") return;
    if (!arg.empty() && arg[0] == '-') {
      if (kTakesValue.count(arg)) ++i;
      continue;
    }
    const auto subs = level->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) return;  // a positional argument of the command
    CLI::App* next = nullptr;
    std::string names;
    for (CLI::App* s : subs) {
      if (s->get_name() == arg) next = s;
      names += (names.empty() ? "" : ", ") + s->get_name();
    }
    if (!next)
      throw ifg::Error(
          ifg::ErrorCode::kUsage,
          ifg::trf("unknown command \"{}\" after `{}`; use one of: {}", arg, path, names));
    level = next;
    path += " " + arg;
  }
}

/// CLI11's own words in the help (labels, groups, the help and version
/// flags), in the chosen language; before the commands, which inherit them.
void translate_help(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label :
       {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"),
        N_("REQUIRED"), N_("Env"), N_("Needs"), N_("Excludes"), N_("TEXT"), N_("INT"), N_("UINT")})
    f->label(label, ifg::tr(label));
  app.option_defaults()->group(ifg::tr("Options"));
  app.set_help_flag("-h,--help", ifg::tr("Print this help message and exit"));
}

/// Groups the subcommands of `app` and theirs under the translated heading.
void group_subcommands(CLI::App& app) {
  for (CLI::App* s : app.get_subcommands([](CLI::App*) { return true; })) {
    s->group(ifg::tr("Subcommands"));
    group_subcommands(*s);
  }
}

/// Every command of the program, with the global options they share.
void setup_commands(CLI::App& app, ifg::cli::GlobalOptions& globals) {
  ifg::cli::forget_completions();
  app.description(
      ifg::tr("ifg: screening and case workflow for the Flemish chain approach to intrafamily "
              "violence (Ketenaanpak Intrafamiliaal Geweld)"));
  translate_help(app);
  app.set_version_flag(
      "--version",
      fmt::format("ifg {} (database schema {})", ifg::version(), ifg::schema_version()),
      ifg::tr("Display program version information and exit"));
  app.fallthrough();
  app.require_subcommand(1);
  // A single-value option given twice is a usage error (exit 2), never "the last
  // one wins"; subcommands inherit this. Repeatable options are vectors.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::Throw);
  ifg::cli::setup_globals(app, globals);
  ifg::cli::setup_init(app, globals);
  ifg::cli::setup_migrate(app, globals);
  ifg::cli::setup_lists(app, globals);
  ifg::cli::setup_case(app, globals);
  ifg::cli::setup_register(app, globals);
  ifg::cli::setup_update(app, globals);
  ifg::cli::setup_screen(app, globals);
  ifg::cli::setup_decide(app, globals);
  ifg::cli::setup_meeting(app, globals);
  ifg::cli::setup_person(app, globals);
  ifg::cli::setup_risk(app, globals);
  ifg::cli::setup_plan(app, globals);
  ifg::cli::setup_assign(app, globals);
  ifg::cli::setup_close(app, globals);
  ifg::cli::setup_lifecycle(app, globals);
  ifg::cli::setup_log(app, globals);
  ifg::cli::setup_audit(app, globals);
  ifg::cli::setup_purge(app, globals);
  ifg::cli::setup_report(app, globals);
  group_subcommands(app);
}

/// Parses the command line; the chosen command runs from its callback.
void parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::RequiredError&) {
    check_command_words(app, argc, argv);  // a better message when a word is unknown
    throw;
  } catch (const CLI::ExtrasError&) {
    check_command_words(app, argc, argv);
    throw;
  }
}

constexpr const char* kBug =
    N_("This is a bug in ifg; please report it with the command you ran.\n");

/// Runs the command line; every failure becomes a message on stderr and its exit code.
int run(CLI::App& app, int argc, char** argv) {
  try {
    parse(app, argc, argv);
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "ifg: " << e.what() << '\n'
              << ifg::tr("Run `ifg --help` (or `ifg COMMAND --help`) for usage.\n");
    return static_cast<int>(ifg::ErrorCode::kUsage);
  } catch (const ifg::Error& e) {
    std::cerr << "ifg: " << ifg::cli::error_text(e) << '\n';
    if (e.code() == ifg::ErrorCode::kInternal) std::cerr << ifg::tr(kBug);
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "ifg: " << ifg::trf("internal error: {}", e.what()) << '\n' << ifg::tr(kBug);
    return static_cast<int>(ifg::ErrorCode::kInternal);
  }
}

/// The exit code once stdout is flushed: output that could not be written
/// (a full disk, a closed file) is a failure, exit 6, whatever the command did.
int finish(int code) {
  const auto failure = ifg::cli::take_stdout_failure();
  if (!failure) return code;
  std::cerr << "ifg: "
            << ifg::trf(
                   "could not write to standard output: {}; the output is incomplete (what "
                   "the command stored in the database is stored); write it where there is "
                   "room",
                   *failure)
            << '\n';
  return code == 0 ? static_cast<int>(ifg::ErrorCode::kStorage) : code;
}

/// `ifg __man DIR DATE`: the man pages in English to DIR/man1, in Dutch to DIR/nl/man1.
int write_manpages(const std::string& dir, const std::string& date) {
  try {
    for (auto [language, sub] : {std::pair{ifg::Language::kEnglish, "/man1"},
                                 std::pair{ifg::Language::kDutch, "/nl/man1"}}) {
      ifg::set_language(language);
      std::filesystem::create_directories(dir + sub);
      ifg::cli::GlobalOptions globals;
      CLI::App app{"", "ifg"};
      setup_commands(app, globals);
      ifg::cli::write_manpages(app, dir + sub, date);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ifg: " << e.what() << '\n';
    return static_cast<int>(ifg::ErrorCode::kStorage);
  }
}

/// The entry points for the build and the shells, not in the help
/// (docs/manpages-and-completion.md): `__man DIR DATE` writes the man pages,
/// `__complete WORD...` prints completions and always exits 0.
std::optional<int> hidden_entry(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  if (what == "__man" && argc == 4) return write_manpages(argv[2], argv[3]);
  if (what != "__complete") return std::nullopt;
  try {
    ifg::set_language(ifg::Language::kEnglish);
    ifg::cli::GlobalOptions globals;
    CLI::App app{"", "ifg"};
    setup_commands(app, globals);
    ifg::cli::print_completions(app, std::vector<std::string>(argv + 2, argv + argc));
  } catch (...) {
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ifg::cli::StdoutGuard stdout_guard;
  if (auto code = hidden_entry(argc, argv)) return *code;
  ifg::cli::GlobalOptions globals;
  try {
    globals.language_given = ifg::cli::choose_language(argc, argv);
    ifg::cli::redirect_output(argc, argv);
  } catch (const ifg::Error& e) {
    std::cerr << "ifg: " << e.what() << '\n';
    return e.exit_code();
  }
  CLI::App app{"", "ifg"};
  setup_commands(app, globals);
  return ifg::cli::output_done(finish(run(app, argc, argv)));
}

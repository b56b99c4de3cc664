// ifg: the command line over libifg. One try here turns every failure into a
// message on stderr and the exit code of spec/cli.md.
#include <CLI/CLI.hpp>

#include <iostream>

#include "common.h"
#include "ifg/error.h"
#include "ifg/version.h"

int main(int argc, char** argv) {
  CLI::App app{"ifg: screening and case workflow for the Flemish chain approach to intrafamily "
               "violence (Ketenaanpak Intrafamiliaal Geweld)",
               "ifg"};
  app.set_version_flag("--version", std::string("ifg ") + ifg::version());
  app.fallthrough();
  app.require_subcommand(1);
  ifg::cli::setup_globals(app);
  ifg::cli::setup_init(app);
  ifg::cli::setup_lists(app);
  ifg::cli::setup_register(app);
  ifg::cli::setup_update(app);
  ifg::cli::setup_screen(app);

  try {
    app.parse(argc, argv);  // the chosen command runs from its callback
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "ifg: " << e.what() << "\nRun `ifg --help` (or `ifg COMMAND --help`) for usage.\n";
    return static_cast<int>(ifg::ErrorCode::kUsage);
  } catch (const ifg::Error& e) {
    std::cerr << "ifg: " << e.what() << '\n';
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "ifg: internal error: " << e.what()
              << "\nThis is a bug in ifg; please report it with the command you ran.\n";
    return static_cast<int>(ifg::ErrorCode::kInternal);
  }
}

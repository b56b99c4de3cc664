// SPDX-License-Identifier: EUPL-1.2
// ifg init [--config FILE]
#include <iostream>

#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct InitOptions {
  std::string config;
};

/// On stderr: each inactive professional whose open work waits for someone else.
void warn_orphaned(const std::vector<OrphanedWork>& orphaned) {
  for (const auto& o : orphaned)
    std::cerr << trf("warning: {} is inactive but still directs {} open case(s) and holds {} open "
                     "action(s); see `ifg case list --director {}` and `ifg report actions "
                     "--professional {}`, and reassign them",
                     o.professional, o.cases_directed, o.actions_held, o.professional,
                     o.professional)
              << '\n';
}

void run_init(const GlobalOptions& g, const InitOptions& opts) {
  output_format(g, "init");
  // Read the configuration first: a bad file must not leave a new, empty database behind.
  std::optional<Config> config;
  if (!opts.config.empty()) config = load_config(opts.config);
  Service service = open_service(g, /*create=*/true);
  if (!config) {
    std::cout << trf("database {} is ready; load a configuration with `ifg init --config FILE`",
                     Service::shown_database(g.db))
              << '\n';
    return;
  }
  const InitSummary s = service.init(*config, g.actor);
  warn_orphaned(s.orphaned);
  if (normalize_token(g.format) == "json") {
    std::string out;
    JsonWriter w(out);
    w.begin_object()
        .member("format_version", kFormatVersion)
        .member("database", Service::shown_database(g.db))
        .member("schema_version", s.schema_version);
    w.member("regions", s.regions).member("partners", s.partners);
    w.member("professionals", s.professionals).member("ruleset", s.ruleset);
    w.key("inactive_with_open_work").begin_array();
    for (const auto& o : s.orphaned) {
      w.begin_object().member("professional", o.professional);
      w.member("cases_directed", o.cases_directed).member("actions_held", o.actions_held);
      w.end_object();
    }
    w.end_array().end_object();
    std::cout << out << '\n';
    return;
  }
  std::cout << trf("loaded {} into {} (schema {}): {} regions, {} partners, {} professionals; "
                   "screening rule set {}",
                   opts.config, Service::shown_database(g.db), s.schema_version, s.regions,
                   s.partners, s.professionals, s.ruleset)
            << '\n';
}

}  // namespace

void setup_init(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<InitOptions>();
  auto* cmd =
      app.add_subcommand("init", tr("create or migrate the database, then load a configuration"));
  complete_files(cmd->add_option("--config", opts->config, tr("the configuration file (TOML)")));
  cmd->callback([opts, &g] { run_init(g, *opts); });
}

}  // namespace ifg::cli

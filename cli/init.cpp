// ifg init [--config FILE]
#include <iostream>

#include "output.h"

namespace ifg::cli {

namespace {

struct InitOptions {
  std::string config;
};

void run_init(const GlobalOptions& g, const InitOptions& opts) {
  output_format(g, "init", {"text", "json"});
  // Read the configuration first: a bad file must not leave a new, empty database behind.
  std::optional<Config> config;
  if (!opts.config.empty()) config = load_config(opts.config);
  Service service = open_service(g, /*create=*/true);
  if (!config) {
    std::cout << "database " << g.db << " is ready; load a configuration with "
              << "`ifg init --config FILE`\n";
    return;
  }
  const InitSummary s = service.init(*config, g.actor);
  if (normalize_token(g.format) == "json") {
    std::string out;
    JsonWriter w(out);
    w.begin_object().member("database", g.db).member("schema_version", s.schema_version);
    w.member("regions", s.regions).member("partners", s.partners);
    w.member("professionals", s.professionals).member("ruleset", s.ruleset).end_object();
    std::cout << out << '\n';
    return;
  }
  std::cout << "loaded " << opts.config << " into " << g.db << " (schema " << s.schema_version
            << "): " << s.regions << " regions, " << s.partners << " partners, " << s.professionals
            << " professionals; screening rule set " << s.ruleset << '\n';
}

}  // namespace

void setup_init(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<InitOptions>();
  auto* cmd =
      app.add_subcommand("init", "create or migrate the database, then load a configuration");
  cmd->add_option("--config", opts->config, "the configuration file (TOML)");
  cmd->callback([opts, &g] { run_init(g, *opts); });
}

}  // namespace ifg::cli

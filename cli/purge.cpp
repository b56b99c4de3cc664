// SPDX-License-Identifier: EUPL-1.2
// ifg purge --closed-before DATE [--dry-run]; ifg export person --name NAME [--birth-year Y]
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct PurgeOptions {
  std::string closed_before;
  bool dry_run = false;
};

struct ExportOptions {
  std::string name;
  std::optional<int> birth_year;
};

void run_purge(const GlobalOptions& g, const PurgeOptions& opts) {
  const std::string format = output_format(g, "purge");
  const Date before = parse_date_option("--closed-before", opts.closed_before);
  Service service = open_service(g);
  const auto ids = service.purge(g.actor, before, opts.dry_run);
  if (format == "json") {
    print_change(format, "", [&](JsonWriter& w) {
      w.member("closed_before", before.to_string()).member("dry_run", opts.dry_run);
      w.member("cases", ids);
    });
    return;
  }
  for (const auto& id : ids) std::cout << id << '\n';
  const char* text =
      opts.dry_run ? tr_plural(
                         "{} closed case would be anonymised (closed before {}); dry run, nothing "
                         "changed",
                         "{} closed cases would be anonymised (closed before {}); dry run, nothing "
                         "changed",
                         ids.size())
                   : tr_plural("{} closed case were anonymised (closed before {})",
                               "{} closed cases were anonymised (closed before {})", ids.size());
  note(g, fmt::format(fmt::runtime(text), ids.size(), before.to_string()));
}

void run_export(const GlobalOptions& g, const ExportOptions& opts) {
  output_format(g, "export person");
  Service service = open_service(g);
  std::cout << to_json(service.export_person(g.actor, opts.name, opts.birth_year),
                       JsonLayout::kIndented)
            << '\n';
}

}  // namespace

void setup_purge(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<PurgeOptions>();
  auto* cmd = app.add_subcommand("purge", tr("anonymise closed cases past retention"));
  cmd->add_option("--closed-before", opts->closed_before, tr("cases closed before this date"))
      ->required();
  cmd->add_flag("--dry-run", opts->dry_run, tr("list what would be anonymised, change nothing"));
  cmd->callback([opts, &g] { run_purge(g, *opts); });

  auto* exp = app.add_subcommand("export", tr("export what is stored (GDPR access request)"));
  exp->require_subcommand(1);
  auto eopts = std::make_shared<ExportOptions>();
  auto* person = exp->add_subcommand("person", tr("everything stored about one person, as JSON"));
  person->add_option("--name", eopts->name, tr("the person's name as registered"))->required();
  person->add_option("--birth-year", eopts->birth_year,
                     tr("their birth year, to tell people apart"));
  person->callback([eopts, &g] { run_export(g, *eopts); });
}

}  // namespace ifg::cli

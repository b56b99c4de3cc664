// SPDX-License-Identifier: EUPL-1.2
// ifg migrate --from FILE --to POSTGRESQL
#include <ctime>
#include <iostream>

#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct MigrateOptions {
  std::string from, to;
};

void print_json(const MigrateOptions& opts, const MigrationSummary& s) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().member("format_version", kFormatVersion);
  w.member("from", opts.from).member("to", Service::shown_database(opts.to));
  w.member("rows", s.rows).key("tables").begin_array();
  for (const auto& [table, rows] : s.tables)
    w.begin_object().member("table", table).member("rows", rows).end_object();
  w.end_array().key("audit").begin_object();
  w.member("entries", s.target.head.entries).member("head", s.target.head.head);
  w.member("state_checked", s.target.state_checked).end_object().end_object();
  std::cout << out << '\n';
}

void run_migrate(const GlobalOptions& g, const MigrateOptions& opts) {
  output_format(g, "migrate");
  const Timestamp now = fixed_clock().value_or(static_cast<Timestamp>(std::time(nullptr)));
  const MigrationSummary s = Service::migrate(opts.from, opts.to, format_timestamp(now));
  if (normalize_token(g.format) == "json") return print_json(opts, s);
  std::cout << trf("copied {} rows in {} tables from {} into {}", s.rows, s.tables.size(),
                   opts.from, Service::shown_database(opts.to))
            << '\n'
            << trf("audit trail intact: {} entries, head {}, as in {}", s.target.head.entries,
                   s.target.head.head, opts.from)
            << '\n';
  std::cout << trf("the copied tables agree with the trail ({} rows compared)",
                   s.target.rows_checked)
            << '\n';
}

}  // namespace

void setup_migrate(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand(
      "migrate", tr("copy an SQLite database, its audit trail included, into an empty "
                    "PostgreSQL database"));
  complete_files(cmd->add_option("--from", opts->from, tr("the SQLite database file"))->required());
  cmd->add_option("--to", opts->to,
                  tr("the empty PostgreSQL database (a postgresql:// URI or a connection string)"))
      ->required();
  cmd->callback([opts, &g] { run_migrate(g, *opts); });
}

}  // namespace ifg::cli

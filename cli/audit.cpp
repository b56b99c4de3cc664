// SPDX-License-Identifier: EUPL-1.2
// ifg audit verify | head | show [--case CASE] [--actor PRO] [--since D]
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct ShowOptions {
  std::optional<std::string> case_id;
  std::optional<std::string> actor;
  std::string since;
};

/// The text of a state mismatch: table, row and column, and what is wrong.
std::string mismatch_text(const StateMismatch& m) {
  if (m.column) return trf("table {}, row {}, column {}: {}", m.table, m.key, *m.column, m.problem);
  return trf("table {}, row {}: {}", m.table, m.key, m.problem);
}

void run_verify(const GlobalOptions& g, bool state) {
  const std::string format = output_format(g, "audit verify");
  Service service = open_service(g);
  const AuditVerification v = service.audit_verify(state);
  if (format == "json") {
    std::cout << to_json(v) << '\n';
  } else if (v.intact) {
    std::cout << trf("audit trail intact: {} entries, head {}", v.head.entries, v.head.head)
              << '\n';
    if (v.legacy_purged)
      std::cout << trf("{} entries from before schema 7 had their justification purged: the "
                       "chain links them, their own hash cannot be recomputed",
                       v.legacy_purged)
                << '\n';
    if (v.state_checked && !v.state)
      std::cout << trf("state matches the trail: {} rows", v.rows_checked) << '\n';
  }
  const bool server = Service::is_server_database(g.db);
  if (v.intact && v.state)
    throw Error(ErrorCode::kRefused,
                trf("state of {} does not match its audit trail: {}; {}",
                    Service::shown_database(g.db), mismatch_text(*v.state),
                    server ? tr("keep the database as evidence (pg_dump) and restore a dump "
                                "whose trail and state verify")
                           : tr("keep the file as evidence and restore a copy whose trail and "
                                "state verify")));
  if (!v.intact)
    throw Error(ErrorCode::kRefused,
                trf("audit trail of {} is broken at entry {}: {} ({} entries before it verify); {}",
                    Service::shown_database(g.db), *v.first_broken, v.problem, v.head.entries,
                    server ? tr("keep the database as evidence (pg_dump) and restore a dump "
                                "whose head matches the one kept outside the database")
                           : tr("keep the file as evidence and restore a copy whose head "
                                "matches the one kept outside the database")));
}

void run_head(const GlobalOptions& g) {
  const std::string format = output_format(g, "audit head");
  Service service = open_service(g);
  const AuditHead h = service.audit_head();
  if (format == "json")
    std::cout << to_json(h) << '\n';
  else
    std::cout << h.entries << ' ' << h.head << '\n';
}

void run_show(const GlobalOptions& g, const ShowOptions& opts) {
  const std::string format = output_format(g, "audit show");
  AuditFilter f;
  f.case_id = opts.case_id;
  f.actor = opts.actor;
  if (!opts.since.empty()) f.since = parse_date_option("--since", opts.since);
  Service service = open_service(g);
  print_list(format, service.audit_show(g.actor, f), [](const AuditEntry& e) {
    std::cout << e.id << "  " << local_time_text(e.at) << "  " << printable(e.actor.value_or("-"))
              << "  " << printable(e.kind) << "  " << printable(e.action) << "  "
              << printable(e.case_id.value_or("-")) << "  " << printable(e.details)
              << (e.justification ? "  " + trf("why: {}", printable(*e.justification)) : "")
              << '\n';
  });
}

}  // namespace

void setup_audit(CLI::App& app, const GlobalOptions& g) {
  auto* audit = app.add_subcommand("audit", tr("the hash-chained audit trail"));
  audit->require_subcommand(1);
  auto* verify =
      audit->add_subcommand("verify", tr("check the chain; exit 1 naming the first broken entry"));
  auto state = std::make_shared<bool>(false);
  verify->add_flag(
      "--state", *state,
      tr("also check every table against the trail; exit 1 naming table, row, column"));
  verify->callback([&g, state] { run_verify(g, *state); });
  audit->add_subcommand("head", tr("the number of entries and the chain head, to keep elsewhere"))
      ->callback([&g] { run_head(g); });
  auto opts = std::make_shared<ShowOptions>();
  auto* show = audit->add_subcommand("show", tr("list audit entries"));
  show->add_option("--case", opts->case_id, tr("only entries of this case"));
  show->add_option("--actor", opts->actor, tr("only entries of this professional"));
  show->add_option("--since", opts->since, tr("only entries on or after this date (YYYY-MM-DD)"));
  show->callback([opts, &g] { run_show(g, *opts); });
}

}  // namespace ifg::cli

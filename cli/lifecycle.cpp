// SPDX-License-Identifier: EUPL-1.2
// ifg monitor CASE --result R --note TEXT, ifg reopen CASE --reason TEXT,
// ifg transfer CASE --to REGION --reason TEXT: what happens after closure.
#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct LifecycleOptions {
  std::string case_id;
  std::string result;
  std::string text;  ///< the note or the reason
  std::string to;
};

void run_monitor(const GlobalOptions& g, const LifecycleOptions& opts) {
  const std::string format = output_format(g, "monitor");
  const auto result = parse_option<MonitoringResult>("--result", opts.result);
  Service service = open_service(g);
  const int n = service.monitor(g.actor, opts.case_id, result, opts.text);
  print_change(format,
               trf("monitoring contact {} of {} recorded ({})", n, opts.case_id, to_string(result)),
               [&](JsonWriter& w) {
                 w.member("case", opts.case_id).member("contact", n);
                 w.member("result", to_string(result));
               });
}

void run_reopen(const GlobalOptions& g, const LifecycleOptions& opts) {
  const std::string format = output_format(g, "reopen");
  Service service = open_service(g);
  service.reopen(g.actor, opts.case_id, opts.text);
  print_change(
      format, trf("{} is reopened (analysis): meet, assign a director and plan anew", opts.case_id),
      [&](JsonWriter& w) { w.member("case", opts.case_id).member("status", "analysis"); });
}

void run_transfer(const GlobalOptions& g, const LifecycleOptions& opts) {
  const std::string format = output_format(g, "transfer");
  Service service = open_service(g);
  const std::string to = service.transfer(g.actor, opts.case_id, opts.to, opts.text);
  print_change(format,
               trf("{} is closed (moved) and continues as {} in region {}, screened and "
                   "waiting for that team's decision",
                   opts.case_id, to, opts.to),
               [&](JsonWriter& w) {
                 w.member("case", opts.case_id).member("status", "closed");
                 w.member("transferred_to", to).member("region", opts.to);
               });
}

}  // namespace

void setup_lifecycle(CLI::App& app, const GlobalOptions& g) {
  auto m = std::make_shared<LifecycleOptions>();
  auto* monitor = app.add_subcommand(
      "monitor", tr("record a follow-up contact on a closed case under monitoring"));
  monitor->add_option("case", m->case_id, tr("the case id"))->required();
  complete_enum<MonitoringResult>(
      monitor->add_option("--result", m->result, tr("stable or concern"))->required());
  monitor->add_option("--note", m->text, tr("what the contact found"))->required();
  monitor->callback([m, &g] { run_monitor(g, *m); });

  auto r = std::make_shared<LifecycleOptions>();
  auto* reopen = app.add_subcommand("reopen", tr("return a closed case to analysis"));
  reopen->add_option("case", r->case_id, tr("the case id"))->required();
  reopen->add_option("--reason", r->text, tr("why the case is reopened"))->required();
  reopen->callback([r, &g] { run_reopen(g, *r); });

  auto t = std::make_shared<LifecycleOptions>();
  auto* transfer =
      app.add_subcommand("transfer", tr("hand a case over to another region (the family moved)"));
  transfer->add_option("case", t->case_id, tr("the case id"))->required();
  transfer->add_option("--to", t->to, tr("the region that takes the case over"))->required();
  transfer->add_option("--reason", t->text, tr("why the case moves"))->required();
  transfer->callback([t, &g] { run_transfer(g, *t); });
}

}  // namespace ifg::cli

// SPDX-License-Identifier: EUPL-1.2
// ifg report case|region|actions|caseload: the reports of docs/reports.md, in
// text, JSON, CSV, Markdown or self-contained HTML.
#include <iostream>
#include <memory>

#include "i18n.h"
#include "ifg/report.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct ReportOptions {
  std::string case_id;
  std::optional<std::string> region;
  std::optional<std::string> from, to;
  int min_cell = 0;
  bool overdue = false;
  std::optional<std::string> professional;
};

ReportFormat report_format(const GlobalOptions& g, const std::string& command) {
  const std::string f = output_format(g, command);
  if (f == "json") return ReportFormat::kJson;
  if (f == "csv") return ReportFormat::kCsv;
  if (f == "markdown") return ReportFormat::kMarkdown;
  if (f == "html") return ReportFormat::kHtml;
  if (f == "xlsx") return ReportFormat::kXlsx;
  return ReportFormat::kText;
}

void run_case(const GlobalOptions& g, const ReportOptions& o) {
  const ReportFormat format = report_format(g, "report case");
  Service service = open_service(g);
  write_report(std::cout, service.report_case(g.actor, o.case_id), format);
}

void run_region(const GlobalOptions& g, const ReportOptions& o) {
  const ReportFormat format = report_format(g, "report region");
  RegionReportQuery q;
  q.region = o.region;
  if (o.from) q.from = parse_date_option("--from", *o.from);
  if (o.to) q.to = parse_date_option("--to", *o.to);
  if (o.min_cell < 0)
    throw Error(ErrorCode::kUsage,
                trf("--min-cell {} is negative; give 0 (suppress nothing) or more", o.min_cell));
  q.min_cell = o.min_cell;
  Service service = open_service(g);
  const RegionReport r = service.report_region(g.actor, q);
  if (r.min_cell > o.min_cell && o.min_cell > 0)
    note(g, trf("note: counts below {} are suppressed for analysts, whatever --min-cell says",
                r.min_cell));
  write_report(std::cout, r, format);
}

void run_actions(const GlobalOptions& g, const ReportOptions& o) {
  const ReportFormat format = report_format(g, "report actions");
  Service service = open_service(g);
  write_report(std::cout, service.report_actions(g.actor, {o.overdue, o.professional, o.region}),
               format);
}

void run_caseload(const GlobalOptions& g, const ReportOptions& o) {
  const ReportFormat format = report_format(g, "report caseload");
  Service service = open_service(g);
  write_report(std::cout, service.report_caseload(g.actor, o.region), format);
}

}  // namespace

void setup_report(CLI::App& app, const GlobalOptions& g) {
  auto o = std::make_shared<ReportOptions>();
  auto* report =
      app.add_subcommand("report", tr("reports: a case sheet, regional statistics, actions, "
                                      "caseload (--format text|json|csv|markdown|html)"));
  report->require_subcommand(1);

  auto* c =
      report->add_subcommand("case", tr("the case sheet: facts, screening, decision, director, "
                                        "meetings, plan and timeline (the read is logged)"));
  c->add_option("case", o->case_id, tr("the case id"))->required();
  c->callback([o, &g] { run_case(g, *o); });

  auto* r = report->add_subcommand("region", tr("statistics of referrals received in a period"));
  r->add_option("--region", o->region, tr("a region code (default: every region you may see)"));
  r->add_option("--from", o->from, tr("first day received, YYYY-MM-DD (inclusive)"));
  r->add_option("--to", o->to, tr("last day received, YYYY-MM-DD (inclusive)"));
  r->add_option("--min-cell", o->min_cell,
                trf("suppress counts from 1 to N-1 (analysts: at least {})", kAnalystMinCell));
  r->callback([o, &g] { run_region(g, *o); });

  auto* a = report->add_subcommand("actions",
                                   tr("the actions of the cases you may read, most urgent first"));
  a->add_flag("--overdue", o->overdue, tr("only overdue actions"));
  a->add_option("--professional", o->professional, tr("only the actions this professional holds"));
  a->add_option("--region", o->region, tr("only cases of this region"));
  a->callback([o, &g] { run_actions(g, *o); });

  auto* l = report->add_subcommand("caseload",
                                   tr("open cases and open actions per director and professional"));
  l->add_option("--region", o->region, tr("only cases of this region"));
  l->callback([o, &g] { run_caseload(g, *o); });
}

}  // namespace ifg::cli

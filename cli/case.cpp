// SPDX-License-Identifier: EUPL-1.2
// ifg case list: the register of the cases one may know about, filtered;
// ifg case find: the cases that name a person, each a logged read.
#include <memory>

#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct CaseListOptions {
  std::optional<std::string> region, outcome, director, holder, from, to, waiting;
  std::vector<std::string> statuses;
  bool overdue = false;
  bool monitoring_due = false;
  bool repeat = false;
  std::optional<std::int64_t> stale;
  std::string sort = "received";
  std::optional<std::size_t> limit;
};

/// The outcomes `case list --outcome` offers.
const std::vector<Outcome> kListedOutcomes{Outcome::kEligible, Outcome::kIncomplete,
                                           Outcome::kNotEligible, Outcome::kInadmissible};

CaseQuery query_of(const CaseListOptions& o) {
  CaseQuery q;
  q.region = o.region;
  for (const auto& s : o.statuses) q.statuses.push_back(parse_option<CaseStatus>("--status", s));
  if (o.outcome) q.outcome = parse_option<Outcome>("--outcome", *o.outcome, kListedOutcomes);
  q.director = o.director;
  q.holder = o.holder;
  if (o.from) q.received_from = parse_date_option("--received-from", *o.from);
  if (o.to) q.received_to = parse_date_option("--received-to", *o.to);
  if (o.waiting) q.waiting = parse_option<Waiting>("--waiting", *o.waiting);
  q.overdue = o.overdue;
  q.monitoring_due = o.monitoring_due;
  q.repeat = o.repeat;
  q.stale_days = o.stale;
  q.sort = parse_option<CaseSort>("--sort", o.sort);
  q.limit = o.limit;
  return q;
}

std::string optional_text(const std::optional<std::string>& v) {
  return v ? *v : "-";
}

void print_case_text(const CaseList& l) {
  std::vector<std::vector<std::string>> rows{{tr("CASE"), tr("REGION"), tr("STATUS"), tr("OUTCOME"),
                                              tr("RECEIVED"), tr("DAYS"), tr("DIRECTOR"),
                                              tr("OPEN"), tr("OVERDUE"), tr("NEXT DUE"),
                                              tr("LAST ACTIVITY"), tr("MONITOR UNTIL")}};
  for (const auto& r : l.rows) {
    std::string director = optional_text(r.director);
    if (r.director && !r.director_active) director = trf("{} (inactive)", director);
    rows.push_back({r.case_id, r.region, std::string(to_string(r.status)),
                    r.outcome ? std::string(to_string(*r.outcome)) : "-", r.received.to_string(),
                    std::to_string(r.days_open), director, std::to_string(r.open_actions),
                    std::to_string(r.overdue_actions), r.next_due ? r.next_due->to_string() : "-",
                    local_time_text(r.last_activity),
                    r.monitor_until ? r.monitor_until->to_string() : "-"});
  }
  print_table(rows);
  std::cout << fmt::format(fmt::runtime(tr_plural("{} case; overdue and days open as of {}",
                                                  "{} cases; overdue and days open as of {}",
                                                  l.rows.size())),
                           l.rows.size(), l.today.to_string())
            << '\n';
}

void run_case_list(const GlobalOptions& g, const CaseListOptions& o) {
  const std::string format = output_format(g, "case list");
  const CaseQuery query = query_of(o);
  Service service = open_service(g);
  const CaseList list = service.case_list(g.actor, query);
  if (format == "json")
    std::cout << to_json(list, JsonLayout::kIndented) << '\n';
  else if (format == "jsonl" || format == "csv" || format == "xlsx")
    print_list(format, list.rows, [](const CaseListRow&) {});
  else
    print_case_text(list);
}

struct CaseFindOptions {
  std::string name;
  std::optional<int> birth_year;
};

/// The roles of a case found: "victim|child" in CSV, "victim, child" in text.
std::string roles_text(const FoundCase& c, std::string_view separator) {
  return fmt::format("{}", fmt::join(c.roles, separator));
}

void print_found_text(const FoundCases& f) {
  std::vector<std::vector<std::string>> rows{
      {tr("CASE"), tr("REGION"), tr("STATUS"), tr("RECEIVED"), tr("ROLES")}};
  for (const auto& c : f.cases)
    rows.push_back({c.case_id, c.region, std::string(to_string(c.status)), c.received.to_string(),
                    roles_text(c, ", ")});
  if (!f.cases.empty()) print_table(rows);
  std::cout << fmt::format(
                   fmt::runtime(tr_plural("{} case names this person among the cases you may read",
                                          "{} cases name this person among the cases you may read",
                                          f.cases.size())),
                   f.cases.size())
            << '\n';
}

void run_case_find(const GlobalOptions& g, const CaseFindOptions& o) {
  const std::string format = output_format(g, "case find");
  Service service = open_service(g);
  const FoundCases found = service.case_find(g.actor, o.name, o.birth_year);
  if (format == "json") {
    std::cout << to_json(found, JsonLayout::kIndented) << '\n';
  } else if (format == "jsonl" || format == "xlsx") {
    print_list(format, found.cases, [](const FoundCase&) {});
  } else if (format == "csv") {
    std::cout << "case,region,status,received,roles\n";
    for (const auto& c : found.cases)
      std::cout << csv_cell(c.case_id) << ',' << c.region << ',' << to_string(c.status) << ','
                << c.received.to_string() << ',' << csv_cell(roles_text(c, "|")) << '\n';
  } else {
    print_found_text(found);
  }
}

void add_filters(CLI::App* cmd, CaseListOptions& o) {
  cmd->add_option("--region", o.region, tr("only cases of this region"));
  complete_enum<CaseStatus>(
      cmd->add_option("--status", o.statuses, tr("only cases in this status (repeatable)"))
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll));
  complete_enum(
      cmd->add_option("--outcome", o.outcome, tr("only cases screened with this outcome")),
      kListedOutcomes);
  cmd->add_option("--director", o.director, tr("only cases this professional directs"));
  cmd->add_option("--holder", o.holder,
                  tr("only cases where this professional holds an open action"));
  cmd->add_option("--received-from", o.from, tr("only cases received on or after this date"));
  cmd->add_option("--received-to", o.to, tr("only cases received on or before this date"));
  complete_enum<Waiting>(
      cmd->add_option("--waiting", o.waiting,
                      tr("only cases whose next step has not happened: decision, meeting, "
                         "director, plan or activation")));
  cmd->add_flag("--overdue", o.overdue, tr("only open cases with an overdue action"));
  cmd->add_flag("--monitoring-due", o.monitoring_due,
                tr("only closed cases whose monitoring date has come, without a contact since"));
  cmd->add_flag("--repeat", o.repeat,
                tr("only repeat referrals: a victim or child is a person of an earlier case "
                   "received within [screening] repeat_window_months"));
  cmd->add_option("--stale", o.stale, tr("only cases without a change for at least DAYS days"))
      ->check(CLI::Range(1, 36600));
  complete_enum<CaseSort>(cmd->add_option(
      "--sort", o.sort, tr("received (default), status or last-activity (oldest first)")));
  cmd->add_option("--limit", o.limit, tr("at most N cases"))->check(CLI::Range(1, 100000000));
}

}  // namespace

void setup_case(CLI::App& app, const GlobalOptions& g) {
  auto* c = app.add_subcommand("case", tr("the register of cases"));
  c->require_subcommand(1);
  auto o = std::make_shared<CaseListOptions>();
  auto* list = c->add_subcommand(
      "list",
      tr("list the cases you may know about (no names or free text), oldest referral first"));
  add_filters(list, *o);
  list->callback([o, &g] { run_case_list(g, *o); });
  auto f = std::make_shared<CaseFindOptions>();
  auto* find = c->add_subcommand(
      "find",
      tr("the cases you may read that name a person (each is a logged read; no names shown)"));
  find->add_option("--name", f->name,
                   tr("the person's name (case, accents' form and spaces aside)"))
      ->required();
  find->add_option("--birth-year", f->birth_year, tr("only persons born in this year"))
      ->check(CLI::Range(1850, 2200));
  find->callback([f, &g] { run_case_find(g, *f); });
}

}  // namespace ifg::cli

// ifg case list: the register of the cases one may know about, filtered.
#include <memory>

#include "output.h"

namespace ifg::cli {

namespace {

struct CaseListOptions {
  std::optional<std::string> region, outcome, director, holder, from, to, waiting;
  std::vector<std::string> statuses;
  bool overdue = false;
  std::optional<std::int64_t> stale;
  std::string sort = "received";
  std::optional<std::size_t> limit;
};

CaseQuery query_of(const CaseListOptions& o) {
  CaseQuery q;
  q.region = o.region;
  for (const auto& s : o.statuses) q.statuses.push_back(parse_option<CaseStatus>("--status", s));
  if (o.outcome)
    q.outcome = parse_option<Outcome>(
        "--outcome", *o.outcome,
        {Outcome::kEligible, Outcome::kIncomplete, Outcome::kNotEligible, Outcome::kInadmissible});
  q.director = o.director;
  q.holder = o.holder;
  if (o.from) q.received_from = parse_date_option("--received-from", *o.from);
  if (o.to) q.received_to = parse_date_option("--received-to", *o.to);
  if (o.waiting) q.waiting = parse_option<Waiting>("--waiting", *o.waiting);
  q.overdue = o.overdue;
  q.stale_days = o.stale;
  q.sort = parse_option<CaseSort>("--sort", o.sort);
  q.limit = o.limit;
  return q;
}

std::string optional_text(const std::optional<std::string>& v) {
  return v ? *v : "-";
}

void print_case_text(const CaseList& l) {
  std::vector<std::vector<std::string>> rows{{"CASE", "REGION", "STATUS", "OUTCOME", "RECEIVED",
                                              "DAYS", "DIRECTOR", "OPEN", "OVERDUE", "NEXT DUE",
                                              "LAST ACTIVITY"}};
  for (const auto& r : l.rows) {
    std::string director = optional_text(r.director);
    if (r.director && !r.director_active) director += " (inactive)";
    rows.push_back({r.case_id, r.region, std::string(to_string(r.status)),
                    r.outcome ? std::string(to_string(*r.outcome)) : "-", r.received.to_string(),
                    std::to_string(r.days_open), director, std::to_string(r.open_actions),
                    std::to_string(r.overdue_actions), r.next_due ? r.next_due->to_string() : "-",
                    r.last_activity});
  }
  print_table(rows);
  std::cout << fmt::format("{} case{}; overdue and days open as of {}\n", l.rows.size(),
                           l.rows.size() == 1 ? "" : "s", l.today.to_string());
}

void run_case_list(const GlobalOptions& g, const CaseListOptions& o) {
  const std::string format = output_format(g, "case list", {"text", "json", "jsonl", "csv"});
  const CaseQuery query = query_of(o);
  Service service = open_service(g);
  const CaseList list = service.case_list(g.actor, query);
  if (format == "json")
    std::cout << to_json(list, JsonLayout::kIndented) << '\n';
  else if (format == "jsonl" || format == "csv")
    print_list(format, list.rows, [](const CaseListRow&) {});
  else
    print_case_text(list);
}

void add_filters(CLI::App* cmd, CaseListOptions& o) {
  cmd->add_option("--region", o.region, "only cases of this region");
  cmd->add_option("--status", o.statuses, "only cases in this status (repeatable)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--outcome", o.outcome, "only cases screened with this outcome");
  cmd->add_option("--director", o.director, "only cases this professional directs");
  cmd->add_option("--holder", o.holder, "only cases where this professional holds an open action");
  cmd->add_option("--received-from", o.from, "only cases received on or after this date");
  cmd->add_option("--received-to", o.to, "only cases received on or before this date");
  cmd->add_option("--waiting", o.waiting,
                  "only cases whose next step has not happened: decision, meeting, director, "
                  "plan or activation");
  cmd->add_flag("--overdue", o.overdue, "only open cases with an overdue action");
  cmd->add_option("--stale", o.stale, "only cases without a change for at least DAYS days")
      ->check(CLI::Range(1, 36600));
  cmd->add_option("--sort", o.sort, "received (default), status or last-activity (oldest first)");
  cmd->add_option("--limit", o.limit, "at most N cases")->check(CLI::Range(1, 100000000));
}

}  // namespace

void setup_case(CLI::App& app, const GlobalOptions& g) {
  auto* c = app.add_subcommand("case", "the register of cases");
  c->require_subcommand(1);
  auto o = std::make_shared<CaseListOptions>();
  auto* list = c->add_subcommand(
      "list", "list the cases you may know about (no names or free text), oldest referral first");
  add_filters(list, *o);
  list->callback([o, &g] { run_case_list(g, *o); });
}

}  // namespace ifg::cli

// SPDX-License-Identifier: EUPL-1.2
// ifg plan add|list|set|activate
#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct PlanAddOptions {
  std::string case_id;
  std::string action;
  std::string domain;
  std::string professional;
  std::string due;
};

struct PlanSetOptions {
  std::string case_id;
  int number = 0;
  std::optional<std::string> status;
  std::optional<std::string> due;
  std::optional<std::string> note;
};

void run_plan_add(const GlobalOptions& g, const PlanAddOptions& opts) {
  const std::string format = output_format(g, "plan add");
  std::optional<Date> due;
  if (!opts.due.empty()) due = parse_date_option("--due", opts.due);
  Service service = open_service(g);
  const int n =
      service.add_action(g.actor, opts.case_id, opts.action, opts.domain, opts.professional, due);
  print_change(format, std::to_string(n),
               [&](JsonWriter& w) { w.member("case", opts.case_id).member("action", n); });
}

void run_plan_list(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "plan list");
  Service service = open_service(g);
  const auto actions = service.actions(g.actor, case_id);
  if (format == "text" && actions.empty()) std::cout << trf("no actions for {}", case_id) << '\n';
  print_list(format, actions, [](const Action& a) {
    std::cout << a.number << ". [" << to_string(a.status) << "]"
              << (a.overdue ? std::string(" ") + tr("OVERDUE") : "") << "  " << printable(a.domain)
              << "  " << printable(a.professional) << " (" << printable(a.partner) << ")"
              << (a.due ? "  " + trf("due {}", a.due->to_string()) : "") << '\n'
              << "   " << printable(a.text) << '\n';
    for (const auto& h : a.history)
      if (h.kind != "created")
        std::cout << "   " << local_time_text(h.at) << "  " << printable(h.actor) << "  "
                  << printable(h.kind) << " " << printable(h.from.value_or("")) << " -> "
                  << printable(h.to) << (h.note ? ": " + printable(*h.note) : "") << '\n';
  });
}

void run_plan_due(const GlobalOptions& g, const PlanSetOptions& opts) {
  const std::string format = output_format(g, "plan set");
  const Date due = parse_date_option("--due", *opts.due);
  Service service = open_service(g);
  service.set_action_due(g.actor, opts.case_id, opts.number, due, opts.note);
  print_change(format,
               trf("action {} of {} is now due {}", opts.number, opts.case_id, due.to_string()),
               [&](JsonWriter& w) {
                 w.member("case", opts.case_id).member("action", opts.number);
                 w.member("due", due.to_string());
               });
}

void run_plan_set(const GlobalOptions& g, const PlanSetOptions& opts) {
  if (opts.status.has_value() == opts.due.has_value())
    throw Error(ErrorCode::kUsage, tr("plan set: give --status or --due (one change at a time)"));
  if (opts.due) return run_plan_due(g, opts);
  const std::string format = output_format(g, "plan set");
  const ActionStatus status = parse_option<ActionStatus>("--status", *opts.status);
  Service service = open_service(g);
  service.set_action_status(g.actor, opts.case_id, opts.number, status, opts.note);
  print_change(format,
               trf("action {} of {} is now {}", opts.number, opts.case_id, to_string(status)),
               [&](JsonWriter& w) {
                 w.member("case", opts.case_id).member("action", opts.number);
                 w.member("status", to_string(status));
               });
}

void run_plan_activate(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "plan activate");
  Service service = open_service(g);
  service.activate_plan(g.actor, case_id);
  print_change(format, trf("{} is active: the plan of approach runs", case_id),
               [&](JsonWriter& w) { w.member("case", case_id).member("status", "active"); });
}

}  // namespace

void setup_plan(CLI::App& app, const GlobalOptions& g) {
  auto* plan = app.add_subcommand("plan", tr("the action plan of a case"));
  plan->require_subcommand(1);

  auto add_opts = std::make_shared<PlanAddOptions>();
  auto* add = plan->add_subcommand("add", tr("add an action; prints its number"));
  add->add_option("case", add_opts->case_id, tr("the case id"))->required();
  add->add_option("--action", add_opts->action, tr("what is to be done"))->required();
  add->add_option("--domain", add_opts->domain, tr("the life domain it addresses"))->required();
  add->add_option("--professional", add_opts->professional, tr("who carries it out"))->required();
  add->add_option("--due", add_opts->due, tr("due date (YYYY-MM-DD)"));
  add->callback([add_opts, &g] { run_plan_add(g, *add_opts); });

  auto list_case = std::make_shared<std::string>();
  auto* list = plan->add_subcommand("list", tr("the actions of a case, with overdue flags"));
  list->add_option("case", *list_case, tr("the case id"))->required();
  list->callback([list_case, &g] { run_plan_list(g, *list_case); });

  auto set_opts = std::make_shared<PlanSetOptions>();
  auto* set = plan->add_subcommand("set", tr("change the status or the due date of an action"));
  set->add_option("case", set_opts->case_id, tr("the case id"))->required();
  set->add_option("number", set_opts->number, tr("the action number"))->required();
  complete_enum<ActionStatus>(
      set->add_option("--status", set_opts->status, tr("open, in_progress, done or cancelled")));
  set->add_option("--due", set_opts->due,
                  tr("a new due date (YYYY-MM-DD); the history keeps the old"));
  set->add_option("--note", set_opts->note, tr("a note on the change"));
  set->callback([set_opts, &g] { run_plan_set(g, *set_opts); });

  auto act_case = std::make_shared<std::string>();
  auto* activate = plan->add_subcommand("activate", tr("start the plan of approach"));
  activate->add_option("case", *act_case, tr("the case id"))->required();
  activate->callback([act_case, &g] { run_plan_activate(g, *act_case); });
}

}  // namespace ifg::cli

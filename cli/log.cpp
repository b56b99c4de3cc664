// ifg log CASE: the case's timeline
#include "workflow_common.h"

namespace ifg::cli {

namespace {

void run_log(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "log", {"text", "json", "jsonl"});
  Service service = open_service(g);
  const auto events = service.log(g.actor, case_id);
  ojson all = ojson::array();
  for (const auto& e : events) {
    ojson j{{"id", e.id},
            {"at", e.at},
            {"actor", opt_json(e.actor)},
            {"action", e.action},
            {"details", ojson::parse(e.details)}};
    if (format == "jsonl")
      std::cout << j.dump() << '\n';
    else if (format == "json")
      all.push_back(std::move(j));
    else
      std::cout << e.at << "  " << e.actor.value_or("-") << "  " << e.action << "  " << e.details
                << '\n';
  }
  if (format == "json") std::cout << all.dump(2) << '\n';
}

}  // namespace

void setup_log(CLI::App& app, const GlobalOptions& g) {
  auto case_id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("log", "the timeline of a case: every event, who, when");
  cmd->add_option("case", *case_id, "the case id")->required();
  cmd->callback([case_id, &g] { run_log(g, *case_id); });
}

}  // namespace ifg::cli

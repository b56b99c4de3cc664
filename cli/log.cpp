// SPDX-License-Identifier: EUPL-1.2
// ifg log CASE: the case's timeline
#include "ifg/i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

void run_log(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "log");
  Service service = open_service(g);
  print_list(format, service.log(g.actor, case_id), [](const Event& e) {
    std::cout << local_time_text(e.at) << "  " << printable(e.actor.value_or("-")) << "  "
              << printable(e.action) << "  " << printable(e.details) << '\n';
  });
}

}  // namespace

void setup_log(CLI::App& app, const GlobalOptions& g) {
  auto case_id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("log", tr("the timeline of a case: every event, who, when"));
  cmd->add_option("case", *case_id, tr("the case id"))->required();
  cmd->callback([case_id, &g] { run_log(g, *case_id); });
}

}  // namespace ifg::cli

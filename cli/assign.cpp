// SPDX-License-Identifier: EUPL-1.2
// ifg assign CASE --director PRO [--reason TEXT] | ifg assign CASE --action N --to PRO
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct AssignOptions {
  std::string case_id;
  std::string director;
  std::optional<std::string> reason;
  std::optional<int> action;
  std::string to;
};

void run_assign(const GlobalOptions& g, const AssignOptions& opts) {
  const std::string format = output_format(g, "assign");
  const bool director = !opts.director.empty();
  if (director == opts.action.has_value())
    throw Error(ErrorCode::kUsage, tr("give either --director PRO, or --action N with --to PRO"));
  if (opts.action && opts.to.empty())
    throw Error(ErrorCode::kUsage, tr("--action N needs --to PRO"));
  if (director && !opts.to.empty())
    throw Error(ErrorCode::kUsage, tr("--to goes with --action N, not with --director"));
  Service service = open_service(g);
  if (director) {
    service.assign_director(g.actor, opts.case_id, opts.director, opts.reason);
    print_change(format, trf("{} directs {}", opts.director, opts.case_id), [&](JsonWriter& w) {
      w.member("case", opts.case_id).member("director", opts.director);
    });
  } else {
    service.reassign_action(g.actor, opts.case_id, *opts.action, opts.to);
    print_change(format,
                 trf("action {} of {} is now held by {}", *opts.action, opts.case_id, opts.to),
                 [&](JsonWriter& w) {
                   w.member("case", opts.case_id).member("action", *opts.action);
                   w.member("professional", opts.to);
                 });
  }
}

}  // namespace

void setup_assign(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<AssignOptions>();
  auto* cmd = app.add_subcommand("assign", tr("(re)assign the case director, or move an action"));
  cmd->add_option("case", opts->case_id, tr("the case id"))->required();
  cmd->add_option("--director", opts->director, tr("the professional who directs the case"));
  cmd->add_option("--reason", opts->reason, tr("why (kept in the director history)"));
  cmd->add_option("--action", opts->action, tr("the number of the action to move"));
  cmd->add_option("--to", opts->to, tr("the professional who takes the action over"));
  cmd->callback([opts, &g] { run_assign(g, *opts); });
}

}  // namespace ifg::cli

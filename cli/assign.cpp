// ifg assign CASE --director PRO [--reason TEXT] | ifg assign CASE --action N --to PRO
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
  const std::string format = output_format(g, "assign", {"text", "json"});
  const bool director = !opts.director.empty();
  if (director == opts.action.has_value())
    throw Error(ErrorCode::kUsage, "give either --director PRO, or --action N with --to PRO");
  if (opts.action && opts.to.empty()) throw Error(ErrorCode::kUsage, "--action N needs --to PRO");
  if (director && !opts.to.empty())
    throw Error(ErrorCode::kUsage, "--to goes with --action N, not with --director");
  Service service = open_service(g);
  if (director) {
    service.assign_director(g.actor, opts.case_id, opts.director, opts.reason);
    print_change(format, opts.director + " directs " + opts.case_id, [&](JsonWriter& w) {
      w.member("case", opts.case_id).member("director", opts.director);
    });
  } else {
    service.reassign_action(g.actor, opts.case_id, *opts.action, opts.to);
    print_change(format,
                 "action " + std::to_string(*opts.action) + " of " + opts.case_id +
                     " is now held by " + opts.to,
                 [&](JsonWriter& w) {
                   w.member("case", opts.case_id).member("action", *opts.action);
                   w.member("professional", opts.to);
                 });
  }
}

}  // namespace

void setup_assign(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<AssignOptions>();
  auto* cmd = app.add_subcommand("assign", "(re)assign the case director, or move an action");
  cmd->add_option("case", opts->case_id, "the case id")->required();
  cmd->add_option("--director", opts->director, "the professional who directs the case");
  cmd->add_option("--reason", opts->reason, "why (kept in the director history)");
  cmd->add_option("--action", opts->action, "the number of the action to move");
  cmd->add_option("--to", opts->to, "the professional who takes the action over");
  cmd->callback([opts, &g] { run_assign(g, *opts); });
}

}  // namespace ifg::cli

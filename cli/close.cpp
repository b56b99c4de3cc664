// ifg close CASE --reason REASON [--note TEXT]
#include "output.h"

namespace ifg::cli {

namespace {

struct CloseOptions {
  std::string case_id;
  std::string reason;
  std::optional<std::string> note;
};

void run_close(const GlobalOptions& g, const CloseOptions& opts) {
  const std::string format = output_format(g, "close", {"text", "json"});
  // `refused` is the team's decision (`ifg decide --refuse`): parsed, so that the
  // library says so, but not offered.
  const ClosureReason reason = parse_option<ClosureReason>(
      "--reason", opts.reason,
      {ClosureReason::kGoalsReached, ClosureReason::kReferredRegular, ClosureReason::kNoCooperation,
       ClosureReason::kMoved, ClosureReason::kOther});
  Service service = open_service(g);
  service.close(g.actor, opts.case_id, reason, opts.note);
  print_change(format, opts.case_id + " is closed (" + std::string(to_string(reason)) + ")",
               [&](JsonWriter& w) {
                 w.member("case", opts.case_id).member("status", "closed");
                 w.member("reason", to_string(reason));
               });
}

}  // namespace

void setup_close(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<CloseOptions>();
  auto* cmd = app.add_subcommand("close", "close a case with a reason");
  cmd->add_option("case", opts->case_id, "the case id")->required();
  cmd->add_option("--reason", opts->reason,
                  "goals_reached, referred_regular, no_cooperation, moved or other")
      ->required();
  cmd->add_option("--note", opts->note, "a note (required with --reason other)");
  cmd->callback([opts, &g] { run_close(g, *opts); });
}

}  // namespace ifg::cli

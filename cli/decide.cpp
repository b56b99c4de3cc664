// ifg decide CASE --accept|--refuse --motivation TEXT [--override]
#include "output.h"

namespace ifg::cli {

namespace {

struct DecideOptions {
  std::string case_id;
  bool accept = false;
  bool refuse = false;
  std::string motivation;
  bool override_outcome = false;
};

void run_decide(const GlobalOptions& g, const DecideOptions& opts) {
  const std::string format = output_format(g, "decide", {"text", "json"});
  if (opts.accept == opts.refuse)
    throw Error(ErrorCode::kUsage, "give exactly one of --accept and --refuse");
  Service service = open_service(g);
  const CaseStatus s =
      service.decide(g.actor, opts.case_id, opts.accept, opts.motivation, opts.override_outcome);
  print_change(
      format,
      opts.case_id + " " + (opts.accept ? "accepted" : "refused and closed") +
          (opts.override_outcome ? " (override of the screening outcome on record)" : ""),
      [&](JsonWriter& w) {
        w.member("case", opts.case_id).member("decision", opts.accept ? "accepted" : "refused");
        w.member("override", opts.override_outcome).member("status", to_string(s));
      });
}

}  // namespace

void setup_decide(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<DecideOptions>();
  auto* cmd = app.add_subcommand("decide", "the chain team's decision on a screened case");
  cmd->add_option("case", opts->case_id, "the case id")->required();
  cmd->add_flag("--accept", opts->accept, "take the case into the chain");
  cmd->add_flag("--refuse", opts->refuse, "refuse the case (it is closed with reason refused)");
  cmd->add_option("--motivation", opts->motivation, "why the team decides so")->required();
  cmd->add_flag("--override", opts->override_outcome,
                "accept although the screening outcome is not eligible");
  cmd->callback([opts, &g] { run_decide(g, *opts); });
}

}  // namespace ifg::cli

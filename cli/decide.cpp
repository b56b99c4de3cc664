// SPDX-License-Identifier: EUPL-1.2
// ifg decide CASE --accept|--refuse --motivation TEXT [--override]
#include "i18n.h"
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

/// What the decision did, in a sentence.
std::string decision_text(const DecideOptions& opts) {
  if (opts.accept)
    return opts.override_outcome
               ? trf("{} accepted (override of the screening outcome on record)", opts.case_id)
               : trf("{} accepted", opts.case_id);
  return opts.override_outcome
             ? trf("{} refused and closed (override of the screening outcome on record)",
                   opts.case_id)
             : trf("{} refused and closed", opts.case_id);
}

void run_decide(const GlobalOptions& g, const DecideOptions& opts) {
  const std::string format = output_format(g, "decide");
  if (opts.accept == opts.refuse)
    throw Error(ErrorCode::kUsage, tr("give exactly one of --accept and --refuse"));
  Service service = open_service(g);
  const CaseStatus s =
      service.decide(g.actor, opts.case_id, opts.accept, opts.motivation, opts.override_outcome);
  print_change(format, decision_text(opts), [&](JsonWriter& w) {
    w.member("case", opts.case_id).member("decision", opts.accept ? "accepted" : "refused");
    w.member("override", opts.override_outcome).member("status", to_string(s));
  });
}

}  // namespace

void setup_decide(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<DecideOptions>();
  auto* cmd = app.add_subcommand("decide", tr("the chain team's decision on a screened case"));
  cmd->add_option("case", opts->case_id, tr("the case id"))->required();
  cmd->add_flag("--accept", opts->accept, tr("take the case into the chain"));
  cmd->add_flag("--refuse", opts->refuse, tr("refuse the case (it is closed with reason refused)"));
  cmd->add_option("--motivation", opts->motivation, tr("why the team decides so"))->required();
  cmd->add_flag("--override", opts->override_outcome,
                tr("accept although the screening outcome is not eligible"));
  cmd->callback([opts, &g] { run_decide(g, *opts); });
}

}  // namespace ifg::cli

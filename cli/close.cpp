// SPDX-License-Identifier: EUPL-1.2
// ifg close CASE --reason REASON [--note TEXT] [--monitor-until DATE]
#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct CloseOptions {
  std::string case_id;
  std::string reason;
  std::optional<std::string> note;
  std::optional<std::string> monitor_until;
};

/// The reasons offered. `refused` is the team's decision (`ifg decide --refuse`):
/// parsed, so that the library says so, but not offered.
const std::vector<ClosureReason> kOffered{
    ClosureReason::kGoalsReached, ClosureReason::kReferredRegular, ClosureReason::kNoCooperation,
    ClosureReason::kMoved, ClosureReason::kOther};

void run_close(const GlobalOptions& g, const CloseOptions& opts) {
  const std::string format = output_format(g, "close");
  const ClosureReason reason = parse_option<ClosureReason>("--reason", opts.reason, kOffered);
  std::optional<Date> until;
  if (opts.monitor_until) until = parse_date_option("--monitor-until", *opts.monitor_until);
  Service service = open_service(g);
  service.close(g.actor, opts.case_id, reason, opts.note, until);
  const std::string text = until ? trf("{} is closed ({}); monitoring until {}", opts.case_id,
                                       to_string(reason), until->to_string())
                                 : trf("{} is closed ({})", opts.case_id, to_string(reason));
  print_change(format, text, [&](JsonWriter& w) {
    w.member("case", opts.case_id).member("status", "closed");
    w.member("reason", to_string(reason));
    w.member("monitor_until", until ? std::optional(until->to_string()) : std::nullopt);
  });
}

}  // namespace

void setup_close(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<CloseOptions>();
  auto* cmd = app.add_subcommand("close", tr("close a case with a reason"));
  cmd->add_option("case", opts->case_id, tr("the case id"))->required();
  complete_enum(
      cmd->add_option("--reason", opts->reason,
                      tr("goals_reached, referred_regular, no_cooperation, moved or other"))
          ->required(),
      kOffered);
  cmd->add_option("--note", opts->note, tr("a note (required with --reason other)"));
  cmd->add_option("--monitor-until", opts->monitor_until,
                  tr("follow the family up until this date (YYYY-MM-DD); see `ifg monitor`"));
  cmd->callback([opts, &g] { run_close(g, *opts); });
}

}  // namespace ifg::cli

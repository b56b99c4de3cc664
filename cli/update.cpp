// SPDX-License-Identifier: EUPL-1.2
// ifg update CASE [--from FILE] [--set KEY=VALUE ...]
#include <iostream>

#include "common.h"
#include "complete.h"
#include "i18n.h"
#include "ifg/error.h"

namespace ifg::cli {

namespace {

struct UpdateOptions {
  std::string case_id;
  std::string from;
  std::string input_format;
  std::vector<std::string> sets;
};

void run_update(const GlobalOptions& g, const UpdateOptions& opts) {
  const std::string format = output_format(g, "update");
  if (opts.from.empty() && opts.sets.empty())
    throw Error(ErrorCode::kUsage,
                tr("nothing to update: give --from FILE or --set KEY=VALUE (KEY= unsets a fact)"));
  ReferralPatch patch;
  if (!opts.from.empty()) {
    patch.from_file = opts.from;
    patch.from_format = input_format(opts.input_format);
  }
  for (const auto& s : opts.sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(ErrorCode::kUsage,
                  trf("--set {} is not KEY=VALUE; e.g. --set safety=very_unsafe, "
                      "or --set channel= to unset",
                      s));
    patch.set.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  Service service = open_service(g);
  const ScreenResult r = service.update(g.actor, opts.case_id, patch);
  ResultWriter writer(std::cout, format == "json" ? OutputFormat::kJson : OutputFormat::kText,
                      /*batch=*/false);
  writer.begin();
  writer.write(r);
  writer.end(std::nullopt);
}

}  // namespace

void setup_update(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<UpdateOptions>();
  auto* cmd = app.add_subcommand(
      "update", tr("correct or complete the referral facts of a case, then screen it again"));
  cmd->add_option("case", opts->case_id, tr("the case id, e.g. ANT-2026-0042"))->required();
  complete_files(cmd->add_option("--from", opts->from,
                                 tr("a JSON or TOML file whose keys replace the stored ones")));
  complete_values(
      cmd->add_option("--input-format", opts->input_format, tr("json or toml (for --from -)")),
      {"json", "toml"});
  cmd->add_option("--set", opts->sets, tr("KEY=VALUE (repeatable); KEY= unsets the fact"));
  cmd->callback([opts, &g] { run_update(g, *opts); });
}

}  // namespace ifg::cli

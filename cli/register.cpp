// SPDX-License-Identifier: EUPL-1.2
// ifg register [--from FILE] [fields...]
#include <iostream>

#include "common.h"
#include "complete.h"
#include "i18n.h"
#include "ifg/error.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct RegisterOptions {
  std::string from;
  std::string input_format;
  FieldValues fields;  // filled by the field flags, in the order given
};

RecordInput read_one(const std::string& path, std::optional<InputFormat> format,
                     const Catalog& catalog, CsvDialect dialect) {
  ReferralReader reader(path, format, catalog, ReadMode::kSingle, dialect);
  auto first = reader.next();
  if (!first) throw Error(ErrorCode::kInvalidInput, trf("{}: the file holds no referral", path));
  if (reader.next())
    throw Error(ErrorCode::kInvalidInput,
                trf("{}: the file holds more than one referral; register many with "
                    "`ifg screen --batch {}`",
                    path, path));
  return std::move(*first);
}

void run_register(const GlobalOptions& g, const RegisterOptions& opts) {
  const std::string format = output_format(g, "register");
  if (!opts.from.empty() && !opts.fields.empty())
    throw Error(ErrorCode::kUsage,
                tr("give the referral either with --from FILE or with field options, not both"));
  if (opts.from.empty() && opts.fields.empty())
    throw Error(ErrorCode::kUsage,
                tr("no referral given: use --from FILE, or --region, --received, --referrer-kind "
                   "and the other field options (see `ifg register --help`)"));
  Service service = open_service(g);
  service.require_actor(g.actor, "register");
  const Catalog catalog = service.catalog();
  RecordInput in = opts.from.empty()
                       ? read_fields(opts.fields, catalog, ReadMode::kSingle, tr("the options"))
                       : read_one(opts.from, input_format(opts.input_format), catalog,
                                  excel_csv(g) ? CsvDialect::kExcel : CsvDialect::kRfc4180);
  if (!in.referral) {
    std::string msg = trf("{}: the referral is invalid, nothing was stored:", in.source);
    for (const auto& e : in.errors)
      msg += "\n  " + e.field.value_or(tr("(record)")) + ": " + e.message;
    throw Error(ErrorCode::kInvalidInput, msg);
  }
  const std::string id = service.register_referral(g.actor, *in.referral);
  print_change(format, id,
               [&](JsonWriter& w) { w.member("case", id).member("status", "registered"); });
  if (const auto failure = take_stdout_failure())
    throw Error(ErrorCode::kStorage,
                trf("registered case {} but could not print its id: {}", id, *failure));
  note(g, trf("registered {}; screen it with `ifg screen {}`", id, id));
}

/// A field option of `register`: its flag, the referral key it sets, its help.
struct FieldFlag {
  const char* name;
  const char* key;
  const char* help;
};

constexpr FieldFlag kFieldFlags[] = {
    {"--external-ref", "external_ref", N_("the referrer's own reference")},
    {"--region", "region", N_("the region code, e.g. ANT")},
    {"--received", "received", N_("the date the referral was received (YYYY-MM-DD)")},
    {"--referrer-kind", "referrer_kind", N_("professional or citizen")},
    {"--referrer-name", "referrer_name", N_("the referrer's name")},
    {"--referrer-partner", "referrer_partner", N_("the referrer's partner id")},
    {"--channel", "channel", N_("vk caw opgroeien ggz justitiehuis politie parket none")},
    {"--safety", "safety", N_("very_unsafe, unsafe, safe or unknown")},
    {"--regular-sufficient", "regular_cooperation_sufficient",
     N_("whether regular cooperation suffices (true/false)")},
    {"--sector", "sectors_needed",
     N_("a sector needed (repeatable): welfare health police justice")},
    {"--domain", "life_domains", N_("a life domain with problems (repeatable)")},
    {"--help-status", "help_status", N_("stuck, no_perspective, progressing, none or unknown")},
    {"--measures-status", "measures_status",
     N_("difficult, no_perspective, progressing, none or unknown")},
    {"--crisis-partner", "crisis_partner", N_("the partner kind handling the crisis")},
    {"--person", "persons", N_("ROLE:NAME:YEAR (repeatable), e.g. child::2016")},
    {"--summary", "summary", N_("a short description")},
};

/// Adds field option `f` to `cmd`. The lists repeat; a single value given twice
/// is a usage error (the app's MultiOptionPolicy::Throw), not "the last one wins".
void add_field_flag(CLI::App& cmd, const std::shared_ptr<RegisterOptions>& opts,
                    const FieldFlag& f) {
  const std::string key = f.key;
  if (key != "sectors_needed" && key != "life_domains" && key != "persons") {
    cmd.add_option_function<std::string>(
        f.name, [opts, key](const std::string& v) { opts->fields.emplace_back(key, v); },
        tr(f.help));
    return;
  }
  auto* o = cmd.add_option_function<std::vector<std::string>>(
      f.name,
      [opts, key](const std::vector<std::string>& values) {
        for (const auto& v : values) opts->fields.emplace_back(key, v);
      },
      tr(f.help));
  o->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  o->allow_extra_args(false);
}

}  // namespace

void setup_register(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<RegisterOptions>();
  auto* cmd = app.add_subcommand("register", tr("store one referral (it is not screened yet)"));
  complete_files(cmd->add_option("--from", opts->from,
                                 tr("a file holding one referral (JSON, TOML, JSONL or CSV)")));
  complete_values(cmd->add_option("--input-format", opts->input_format,
                                  tr("jsonl, json, toml or csv (for --from -)")),
                  input_format_names());
  for (const auto& f : kFieldFlags) add_field_flag(*cmd, opts, f);
  cmd->callback([opts, &g] { run_register(g, *opts); });
}

}  // namespace ifg::cli

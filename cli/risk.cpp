// SPDX-License-Identifier: EUPL-1.2
// ifg risk list CASE, ifg risk add CASE ...: the risk assessments of the
// persons of a case, with a configured instrument (issue 14).
#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

/// "+3", "-2", "0", or "-" for a first assessment.
std::string change_text(const Assessment& a) {
  if (!a.score_change) return tr("first");
  return *a.score_change > 0 ? fmt::format("+{}", *a.score_change)
                             : std::to_string(*a.score_change);
}

std::string level_text(const Assessment& a) {
  std::string s(to_string(a.level));
  if (a.judged) s = trf("{} (judgement)", s);
  if (a.previous_level && *a.previous_level != a.level)
    s = trf("{}, was {}", s, to_string(*a.previous_level));
  return s;
}

void run_risk_list(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "risk list");
  Service service = open_service(g);
  const auto list = service.risk_list(g.actor, case_id);
  if (format != "text") return print_list(format, list, [](const Assessment&) {});
  if (list.empty()) {
    std::cout << trf("no risk assessments in {}", case_id) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows{
      {tr("PERSON"), tr("ROLE"), tr("DATE"), tr("INSTRUMENT"), tr("SCORE"), tr("THRESHOLD"),
       tr("UNKNOWN"), tr("LEVEL"), tr("CHANGE"), tr("ASSESSOR")}};
  for (const auto& a : list)
    rows.push_back({std::to_string(a.person), std::string(to_string(a.role)), a.date.to_string(),
                    a.instrument, std::to_string(a.score), std::to_string(a.threshold),
                    std::to_string(a.unknown), level_text(a), change_text(a), a.assessor});
  print_table(rows);
}

struct RiskAddOptions {
  std::string case_id;
  int person = 0;
  std::string instrument, answers;
  std::optional<std::string> assessor, date, judgement, motivation;
};

void run_risk_add(const GlobalOptions& g, const RiskAddOptions& o) {
  const std::string format = output_format(g, "risk add");
  RiskInput in;
  in.person = o.person;
  in.instrument = o.instrument;
  if (o.date) in.date = parse_date_option("--date", *o.date);
  if (o.judgement) {
    if (parse_option<RiskLevel>("--judgement", *o.judgement) != RiskLevel::kHigh)
      throw Error(ErrorCode::kUsage,
                  tr("--judgement can only raise the level: give --judgement high, or leave it "
                     "out"));
    in.judged_high = true;
    if (!o.motivation)
      throw Error(ErrorCode::kUsage, tr("--judgement high needs --motivation TEXT"));
  } else if (o.motivation) {
    throw Error(ErrorCode::kUsage, tr("--motivation goes with --judgement high"));
  }
  in.motivation = o.motivation;
  in.assessor = o.assessor;
  in.answers = read_answers(o.answers);
  Service service = open_service(g);
  const Assessment a = service.risk_add(g.actor, o.case_id, in);
  if (format == "json") {
    std::cout << to_json(a, JsonLayout::kIndented) << '\n';
    return;
  }
  std::cout << trf("assessment {} of person {} of {}: score {} (threshold {}, {} unknown), "
                   "level {}",
                   a.number, a.person, o.case_id, a.score, a.threshold, a.unknown, level_text(a))
            << '\n';
}

void run_risk_instruments(const GlobalOptions& g) {
  const std::string format = output_format(g, "risk instruments");
  Service service = open_service(g);
  const auto all = service.instruments();
  if (format == "json") {
    std::cout << to_json(all, JsonLayout::kIndented) << '\n';
    return;
  }
  if (all.empty()) std::cout << tr("no risk assessment instrument is configured") << '\n';
  for (const auto& in : all) {
    std::vector<std::string> roles;
    for (PersonRole r : in.applies_to) roles.emplace_back(to_string(r));
    std::cout << trf("{}: {} (assesses {}; high at {} or more)", in.id, printable(in.name),
                     fmt::join(roles, ", "), in.threshold)
              << '\n';
    for (const auto& i : in.items)
      std::cout << fmt::format("  {:<24} {:>3}  {}\n", i.id, i.weight, printable(i.text));
  }
}

}  // namespace

void setup_risk(CLI::App& app, const GlobalOptions& g) {
  auto* risk = app.add_subcommand("risk", tr("risk assessments of the persons of a case"));
  risk->require_subcommand(1);
  auto list_case = std::make_shared<std::string>();
  auto* list = risk->add_subcommand(
      "list", tr("every assessment of a case per person, in date order, with its change (a read)"));
  list->add_option("case", *list_case, tr("the case id"))->required();
  list->callback([list_case, &g] { run_risk_list(g, *list_case); });
  auto o = std::make_shared<RiskAddOptions>();
  auto* add = risk->add_subcommand("add", tr("record a risk assessment of a person of a case"));
  add->add_option("case", o->case_id, tr("the case id"))->required();
  add->add_option("--person", o->person, tr("the person's number in `ifg person list`"))
      ->required();
  add->add_option("--instrument", o->instrument, tr("the instrument's id (`ifg risk instruments`)"))
      ->required();
  add->add_option("--answers", o->answers,
                  tr("a TOML or JSON file of item id = yes|no|unknown, or - for standard input"))
      ->required();
  add->add_option("--assessor", o->assessor, tr("who assessed (a professional id; default: you)"));
  add->add_option("--date", o->date, tr("the day of the assessment (default: today)"));
  complete_enum(add->add_option("--judgement", o->judgement,
                                tr("high: professional judgement raises the level")),
                std::vector<RiskLevel>{RiskLevel::kHigh});
  add->add_option("--motivation", o->motivation, tr("why the judgement raises it"));
  add->callback([o, &g] { run_risk_add(g, *o); });
  auto* instruments = risk->add_subcommand(
      "instruments", tr("the configured instruments, their items and weights"));
  instruments->callback([&g] { run_risk_instruments(g); });
}

}  // namespace ifg::cli

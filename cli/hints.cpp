// What the CLI tells a user to do after an error: libifg names the kind of
// hint (ifg::Hint), and this table puts it in the words of this program, its
// options, variables and commands. The only place that maps the two.
#include <fmt/core.h>

#include "common.h"

namespace ifg::cli {

namespace {

struct HintText {
  Hint hint;
  const char* text;  ///< fmt pattern; {0} is Error::subject()
};

constexpr HintText kHints[] = {
    {Hint::kActor,
     "give --as ID or set IFG_ACTOR (your professional id; see `ifg professional list`)"},
    {Hint::kDatabase,
     "create it with `ifg init --config FILE`, or give the right one with --db or IFG_DB"},
    {Hint::kDatabaseFile, "give the file with --db or IFG_DB, for example {0}/ifg.db"},
    {Hint::kCreateDatabase, "create one with `ifg init`"},
    {Hint::kMigrate, "run `ifg init` to migrate it"},
    {Hint::kJustification, "give --justification TEXT or set IFG_JUSTIFICATION"},
    {Hint::kGiveText, "give it with --{0} TEXT"},
    {Hint::kListProfessionals, "see `ifg professional list`"},
    {Hint::kListPartners, "see `ifg partner list`"},
    {Hint::kLoadConfig, "load a configuration with `ifg init --config FILE`"},
    {Hint::kInputFormat, "give --input-format jsonl, json, toml or csv"},
    {Hint::kBatch, "register many with `ifg screen --batch {0}`"},
    {Hint::kRegisterOne, "register single referrals with `ifg register`"},
    {Hint::kUpdateCase, "correct that case with `ifg update {0}` instead"},
    {Hint::kScreenCase, "run `ifg screen {0}` first"},
    {Hint::kRefuseCase, "use `ifg decide {0} --refuse --motivation TEXT`"},
    {Hint::kOverride, "give --override, with a --motivation saying why"},
    {Hint::kNoOverride, "accept it without --override"},
    {Hint::kOverrideAccepts, "--override goes only with --accept"},
    {Hint::kAssignDirector, "assign one with `ifg assign {0} --director PRO`"},
    {Hint::kAddAction, "add one with `ifg plan add {0}`"},
    {Hint::kListActions, "see `ifg plan list {0}`"},
    {Hint::kReportCase, "read the cases you take part in with `ifg report case CASE`"},
    {Hint::kReportRegion, "analysts read the regional statistics: `ifg report region`"},
    {Hint::kAddMeeting,
     "record it with `ifg meeting add {0} --date DATE --attendee PRO`, or `ifg meeting held {0} N` "
     "for a planned one"},
    {Hint::kListMeetings, "see `ifg meeting list {0}`"},
    {Hint::kMonitorUntil, "close a case with `--monitor-until DATE` to follow the family up"},
    {Hint::kListPersons, "see `ifg person list {0}`"},
    {Hint::kChangePerson,
     "use `ifg person add|update|remove {0}`; an update takes --role, --name, --birth-year or "
     "--gender with a value that differs"},
};

}  // namespace

std::string error_text(const Error& e) {
  for (const auto& h : kHints)
    if (h.hint == e.hint())
      return fmt::format("{}; {}", e.what(), fmt::format(fmt::runtime(h.text), e.subject()));
  return e.what();
}

}  // namespace ifg::cli

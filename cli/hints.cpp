// SPDX-License-Identifier: EUPL-1.2
// What the CLI tells a user to do after an error: libifg names the kind of
// hint (ifg::Hint), and this table puts it in the words of this program, its
// options, variables and commands. The only place that maps the two.
#include <fmt/core.h>

#include "common.h"
#include "i18n.h"

namespace ifg::cli {

namespace {

struct HintText {
  Hint hint;
  const char* text;  ///< fmt pattern, translated where shown; {0} is Error::subject()
};

constexpr HintText kHints[] = {
    {Hint::kActor,
     N_("give --as ID or set IFG_ACTOR (your professional id; see `ifg professional list`)")},
    {Hint::kDatabase,
     N_("create it with `ifg init --config FILE`, or give the right one with --db or IFG_DB")},
    {Hint::kDatabaseFile, N_("give the file with --db or IFG_DB, for example {0}/ifg.db")},
    {Hint::kCreateDatabase, N_("create one with `ifg init`")},
    {Hint::kMigrate, N_("run `ifg init` to migrate it")},
    {Hint::kJustification, N_("give --justification TEXT or set IFG_JUSTIFICATION")},
    {Hint::kGiveText, N_("give it with --{0} TEXT")},
    {Hint::kListProfessionals, N_("see `ifg professional list`")},
    {Hint::kListPartners, N_("see `ifg partner list`")},
    {Hint::kLoadConfig, N_("load a configuration with `ifg init --config FILE`")},
    {Hint::kInputFormat, N_("give --input-format jsonl, json, toml or csv")},
    {Hint::kBatch, N_("register many with `ifg screen --batch {0}`")},
    {Hint::kRegisterOne, N_("register single referrals with `ifg register`")},
    {Hint::kUpdateCase, N_("correct that case with `ifg update {0}` instead")},
    {Hint::kScreenCase, N_("run `ifg screen {0}` first")},
    {Hint::kRefuseCase, N_("use `ifg decide {0} --refuse --motivation TEXT`")},
    {Hint::kOverride, N_("give --override, with a --motivation saying why")},
    {Hint::kNoOverride, N_("accept it without --override")},
    {Hint::kOverrideAccepts, N_("--override goes only with --accept")},
    {Hint::kAssignDirector, N_("assign one with `ifg assign {0} --director PRO`")},
    {Hint::kAddAction, N_("add one with `ifg plan add {0}`")},
    {Hint::kListActions, N_("see `ifg plan list {0}`")},
    {Hint::kReportCase, N_("read the cases you take part in with `ifg report case CASE`")},
    {Hint::kReportRegion, N_("analysts read the regional statistics: `ifg report region`")},
    {Hint::kAddMeeting, N_("record it with `ifg meeting add {0} --date DATE --attendee PRO`, or "
                           "`ifg meeting held {0} N` for a planned one")},
    {Hint::kListMeetings, N_("see `ifg meeting list {0}`")},
    {Hint::kMonitorUntil, N_("close a case with `--monitor-until DATE` to follow the family up")},
    {Hint::kListPersons, N_("see `ifg person list {0}`")},
    {Hint::kChangePerson,
     N_("use `ifg person add|update|remove {0}`; an update takes --role, --name, --birth-year or "
        "--gender with a value that differs")},
};

}  // namespace

std::string error_text(const Error& e) {
  for (const auto& h : kHints)
    if (h.hint == e.hint())
      return fmt::format("{}; {}", e.what(), fmt::format(fmt::runtime(tr(h.text)), e.subject()));
  return e.what();
}

}  // namespace ifg::cli

// SPDX-License-Identifier: EUPL-1.2
// ifg meeting add CASE ..., ifg meeting held CASE N ..., ifg meeting list CASE
#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

struct MeetingOptions {
  std::string case_id;
  std::string date;
  std::vector<std::string> attendees;
  std::string basis;
  std::string purpose;
  std::optional<std::string> notes;
};

void run_meeting_add(const GlobalOptions& g, const MeetingOptions& opts) {
  const std::string format = output_format(g, "meeting add");
  MeetingInput m;
  m.date = parse_date_option("--date", opts.date);
  m.attendees = opts.attendees;
  m.basis = parse_option<LegalBasis>("--basis", opts.basis);
  m.purpose = opts.purpose;
  m.notes = opts.notes;
  Service service = open_service(g);
  const int n = service.add_meeting(g.actor, opts.case_id, m);
  print_change(format, std::to_string(n),
               [&](JsonWriter& w) { w.member("case", opts.case_id).member("meeting", n); });
}

struct HeldOptions {
  std::string case_id;
  int number = 0;
  MeetingHeld held;
};

void run_meeting_held(const GlobalOptions& g, const HeldOptions& opts) {
  const std::string format = output_format(g, "meeting held");
  Service service = open_service(g);
  service.hold_meeting(g.actor, opts.case_id, opts.number, opts.held);
  print_change(format, trf("meeting {} of {} is held", opts.number, opts.case_id),
               [&](JsonWriter& w) {
                 w.member("case", opts.case_id).member("meeting", opts.number);
                 w.member("status", "held");
               });
}

void run_meeting_list(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "meeting list");
  Service service = open_service(g);
  const auto meetings = service.meetings(g.actor, case_id);
  if (format == "text" && meetings.empty()) std::cout << trf("no meetings for {}", case_id) << '\n';
  print_list(format, meetings, [](const Meeting& m) {
    std::string who;
    for (const auto& a : m.attendees) who += (who.empty() ? "" : ", ") + a;
    std::cout << trf("meeting {}  {}  {}  basis {}  recorded by {}", m.number, m.date.to_string(),
                     to_string(m.status), to_string(m.basis), printable(m.actor))
              << '\n'
              << "  " << trf("purpose:   {}", printable(m.purpose)) << '\n'
              << "  " << trf("attendees: {}", printable(who)) << '\n';
    if (m.notes) std::cout << "  " << trf("notes:     {}", printable(*m.notes)) << '\n';
  });
}

}  // namespace

void setup_meeting(CLI::App& app, const GlobalOptions& g) {
  auto* meeting = app.add_subcommand("meeting", tr("case meetings (casusoverleg)"));
  meeting->require_subcommand(1);
  auto opts = std::make_shared<MeetingOptions>();
  auto* add = meeting->add_subcommand(
      "add", tr("record a case meeting (planned when dated after today); prints its number"));
  add->add_option("case", opts->case_id, tr("the case id"))->required();
  add->add_option("--date", opts->date, tr("the date of the meeting (YYYY-MM-DD)"))->required();
  add->add_option("--attendee", opts->attendees,
                  tr("a professional who attended, or is invited (repeatable)"))
      ->required();
  complete_enum<LegalBasis>(
      add->add_option("--basis", opts->basis, tr("decree, prosecutor_consent or client_consent"))
          ->required());
  add->add_option("--purpose", opts->purpose, tr("the purpose of the meeting"))->required();
  add->add_option("--notes", opts->notes, tr("notes"));
  add->callback([opts, &g] { run_meeting_add(g, *opts); });
  auto held = std::make_shared<HeldOptions>();
  auto* h = meeting->add_subcommand("held", tr("record a planned meeting as held on its date"));
  h->add_option("case", held->case_id, tr("the case id"))->required();
  h->add_option("number", held->number, tr("the meeting number"))->required();
  h->add_option("--attendee", held->held.attendees,
                tr("a professional who attended (repeatable; replaces the invitees)"));
  h->add_option("--notes", held->held.notes, tr("notes of the meeting"));
  h->callback([held, &g] { run_meeting_held(g, *held); });
  auto list_case = std::make_shared<std::string>();
  auto* list = meeting->add_subcommand("list", tr("the meetings of a case, by date"));
  list->add_option("case", *list_case, tr("the case id"))->required();
  list->callback([list_case, &g] { run_meeting_list(g, *list_case); });
}

}  // namespace ifg::cli

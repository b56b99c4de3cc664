// SPDX-License-Identifier: EUPL-1.2
// ifg person list CASE, ifg person cases CASE N: the persons of a case, each
// one person of the region across cases; ifg person add/update/remove: the
// persons of a case as they change after registration; ifg person links,
// link, unlink: possible links between persons of a region (issue 14).
#include "complete.h"
#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

std::string text_or_dash(const std::optional<std::string>& s) {
  return s ? printable(*s) : "-";
}

/// "added", "changed", "removed: REASON" or "-".
std::string since_registration(const CasePerson& p) {
  if (p.removed_reason) return trf("removed: {}", printable(*p.removed_reason));
  if (p.added) return tr("added");
  return p.changed ? tr("changed") : "-";
}

void run_person_list(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "person list");
  Service service = open_service(g);
  const auto persons = service.persons(g.actor, case_id);
  if (format != "text") return print_list(format, persons, [](const CasePerson&) {});
  if (persons.empty()) {
    std::cout << trf("no persons in {}", case_id) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows{{"N", tr("ROLE"), tr("NAME"), tr("BORN"), tr("GENDER"),
                                              tr("OTHER CASES"), tr("POSSIBLE LINKS"),
                                              tr("SINCE REGISTRATION")}};
  for (const auto& p : persons)
    rows.push_back({std::to_string(p.number), std::string(to_string(p.role)), text_or_dash(p.name),
                    p.birth_year ? std::to_string(*p.birth_year) : "-",
                    p.gender ? std::string(to_string(*p.gender)) : "-",
                    p.person ? std::to_string(p.other_cases) : "-",
                    p.person ? std::to_string(p.possible_links) : "-", since_registration(p)});
  print_table(rows);
  if (std::any_of(persons.begin(), persons.end(), [](const auto& p) { return p.possible_links; }))
    std::cout << trf("possible links: see `ifg person links --case {}`", case_id) << '\n';
}

struct PersonLinksOptions {
  std::optional<std::string> region, case_id;
};

/// "ANT-2026-0001 #1 victim Anna Peeters 1990 (2 cases)"
std::string linked_text(const LinkedPerson& p) {
  return fmt::format("{} #{} {} {} {}{}", p.case_id, p.number, to_string(p.role),
                     text_or_dash(p.name), p.birth_year ? std::to_string(*p.birth_year) : "-",
                     p.cases > 1 ? " " + trf("({} cases)", p.cases) : "");
}

void run_person_links(const GlobalOptions& g, const PersonLinksOptions& o) {
  const std::string format = output_format(g, "person links");
  Service service = open_service(g);
  const auto links = service.person_links(g.actor, o.region, o.case_id);
  if (format != "text") return print_list(format, links, [](const PossibleLink&) {});
  if (links.empty()) {
    std::cout << tr("no possible links") << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows{{tr("FIRST"), tr("SECOND"), tr("WHY")}};
  for (const auto& l : links)
    rows.push_back({linked_text(l.first), linked_text(l.second),
                    l.reason == LinkReason::kSimilarName
                        ? trf("similar name (distance {})", l.distance)
                        : std::string(tr("same name, one birth year missing"))});
  print_table(rows);
  std::cout << tr("confirm with `ifg person link CASE N OTHER M`, reject with `ifg person unlink "
                  "CASE N OTHER M`")
            << '\n';
}

void run_person_pair(const GlobalOptions& g, const PersonPair& pair, bool link) {
  const char* command = link ? "person link" : "person unlink";
  const std::string format = output_format(g, command);
  Service service = open_service(g);
  if (link)
    service.person_link(g.actor, pair);
  else
    service.person_unlink(g.actor, pair);
  const std::string text =
      link ? trf("person {} of {} and person {} of {} are linked: one person", pair.number,
                 pair.case_id, pair.other_number, pair.other_case)
           : trf("person {} of {} and person {} of {} are kept apart: two persons", pair.number,
                 pair.case_id, pair.other_number, pair.other_case);
  print_change(format, text, [&](JsonWriter& w) {
    w.member("case", pair.case_id).member("person", pair.number);
    w.member("other_case", pair.other_case).member("other_person", pair.other_number);
    w.member("linked", link);
  });
}

void setup_person_links(CLI::App* person, const GlobalOptions& g) {
  auto opts = std::make_shared<PersonLinksOptions>();
  auto* links = person->add_subcommand(
      "links", tr("persons of the region who may be the same, for a coordinator (a logged read)"));
  links->add_option("--region", opts->region,
                    tr("one region you coordinate (default: all of them)"));
  links->add_option("--case", opts->case_id, tr("only the possible links of this case's persons"));
  links->callback([opts, &g] { run_person_links(g, *opts); });
  for (const bool link : {true, false}) {
    auto pair = std::make_shared<PersonPair>();
    auto* cmd = person->add_subcommand(
        link ? "link" : "unlink",
        link ? tr("confirm that two persons of the region are one person")
             : tr("keep two persons apart: reject a possible link, or undo a link"));
    cmd->add_option("case", pair->case_id, tr("the case of the first person"))->required();
    cmd->add_option("number", pair->number, tr("the person's number in that case"))->required();
    cmd->add_option("other_case", pair->other_case, tr("the case of the second person"))
        ->required();
    cmd->add_option("other_number", pair->other_number, tr("the person's number in that case"))
        ->required();
    cmd->callback([pair, &g, link] { run_person_pair(g, *pair, link); });
  }
}

struct PersonCasesOptions {
  std::string case_id;
  int number = 0;
};

void run_person_cases(const GlobalOptions& g, const PersonCasesOptions& o) {
  const std::string format = output_format(g, "person cases");
  Service service = open_service(g);
  const PersonCases pc = service.person_cases(g.actor, o.case_id, o.number);
  if (format == "json") {
    std::cout << to_json(pc, JsonLayout::kIndented) << '\n';
    return;
  }
  std::cout << trf("person {} of {} ({}, {}):", pc.person.number, pc.case_id,
                   to_string(pc.person.role), text_or_dash(pc.person.name));
  if (pc.cases.empty()) std::cout << ' ' << tr("no other case you may read");
  for (const auto& id : pc.cases) std::cout << ' ' << id;
  std::cout << '\n';
  if (pc.others > 0)
    std::cout << fmt::format(fmt::runtime(tr_plural("{} more case you may not read",
                                                    "{} more cases you may not read", pc.others)),
                             pc.others)
              << '\n';
}

struct PersonChangeOptions {
  std::string case_id;
  int number = 0;
  std::optional<std::string> role, name, gender, reason;
  std::optional<int> birth_year;

  PersonChange change() const {
    PersonChange c;
    if (role) c.role = parse_option<PersonRole>("--role", *role);
    c.name = name;
    c.birth_year = birth_year;
    if (gender) c.gender = parse_option<Gender>("--gender", *gender);
    return c;
  }
};

void run_person_add(const GlobalOptions& g, const PersonChangeOptions& o) {
  const std::string format = output_format(g, "person add");
  const PersonChange change = o.change();
  Service service = open_service(g);
  const int n = service.person_add(g.actor, o.case_id, change);
  print_change(format, trf("person {} ({}) added to {}", n, to_string(*change.role), o.case_id),
               [&](JsonWriter& w) { w.member("case", o.case_id).member("person", n); });
}

void run_person_update(const GlobalOptions& g, const PersonChangeOptions& o) {
  const std::string format = output_format(g, "person update");
  const PersonChange change = o.change();
  Service service = open_service(g);
  service.person_update(g.actor, o.case_id, o.number, change);
  print_change(format, trf("person {} of {} updated", o.number, o.case_id),
               [&](JsonWriter& w) { w.member("case", o.case_id).member("person", o.number); });
}

void run_person_remove(const GlobalOptions& g, const PersonChangeOptions& o) {
  const std::string format = output_format(g, "person remove");
  Service service = open_service(g);
  service.person_remove(g.actor, o.case_id, o.number, o.reason.value_or(""));
  print_change(format, trf("person {} removed from {}", o.number, o.case_id), [&](JsonWriter& w) {
    w.member("case", o.case_id).member("person", o.number).member("removed", true);
  });
}

/// The options that describe a person: --role, --name, --birth-year, --gender.
void add_person_facts(CLI::App* cmd, PersonChangeOptions& o, bool role_required) {
  auto* role = complete_enum<PersonRole>(
      cmd->add_option("--role", o.role, tr("victim, perpetrator, child or other")));
  if (role_required) role->required();
  cmd->add_option("--name", o.name, tr("the person's name (synthetic in tests and examples)"));
  cmd->add_option("--birth-year", o.birth_year, tr("the year of birth, such as 2026"));
  complete_enum<Gender>(cmd->add_option("--gender", o.gender, tr("f, m, x or unknown")));
}

void setup_person_changes(CLI::App* person, const GlobalOptions& g) {
  auto add_opts = std::make_shared<PersonChangeOptions>();
  auto* add = person->add_subcommand(
      "add", tr("add a person to a case that is not closed (a child born, a new partner)"));
  add->add_option("case", add_opts->case_id, tr("the case id"))->required();
  add_person_facts(add, *add_opts, true);
  add->callback([add_opts, &g] { run_person_add(g, *add_opts); });

  auto update_opts = std::make_shared<PersonChangeOptions>();
  auto* update = person->add_subcommand(
      "update", tr("change person N of a case that is not closed; the referral stays as received"));
  update->add_option("case", update_opts->case_id, tr("the case id"))->required();
  update->add_option("number", update_opts->number, tr("the person's number in `ifg person list`"))
      ->required();
  add_person_facts(update, *update_opts, false);
  update->callback([update_opts, &g] { run_person_update(g, *update_opts); });

  auto remove_opts = std::make_shared<PersonChangeOptions>();
  auto* remove = person->add_subcommand(
      "remove", tr("remove person N from a case that is not closed; they stay listed as removed"));
  remove->add_option("case", remove_opts->case_id, tr("the case id"))->required();
  remove->add_option("number", remove_opts->number, tr("the person's number in `ifg person list`"))
      ->required();
  remove->add_option("--reason", remove_opts->reason, tr("why (kept in the case's record)"))
      ->required();
  remove->callback([remove_opts, &g] { run_person_remove(g, *remove_opts); });
}

}  // namespace

void setup_person(CLI::App& app, const GlobalOptions& g) {
  auto* person =
      app.add_subcommand("person", tr("the persons of a case, each one person across cases"));
  person->require_subcommand(1);
  auto list_case = std::make_shared<std::string>();
  auto* list = person->add_subcommand(
      "list", tr("the persons of a case, with how many other cases name each (a logged read)"));
  list->add_option("case", *list_case, tr("the case id"))->required();
  list->callback([list_case, &g] { run_person_list(g, *list_case); });
  auto opts = std::make_shared<PersonCasesOptions>();
  auto* cases = person->add_subcommand(
      "cases", tr("the other cases of person N of a case: those you may read, the others counted"));
  cases->add_option("case", opts->case_id, tr("the case id"))->required();
  cases->add_option("number", opts->number, tr("the person's number in `ifg person list`"))
      ->required();
  cases->callback([opts, &g] { run_person_cases(g, *opts); });
  setup_person_changes(person, g);
  setup_person_links(person, g);
}

}  // namespace ifg::cli

// ifg person list CASE, ifg person cases CASE N: the persons of a case, each
// one person of the region across cases (issue 14).
#include "output.h"

namespace ifg::cli {

namespace {

std::string text_or_dash(const std::optional<std::string>& s) {
  return s ? printable(*s) : "-";
}

void run_person_list(const GlobalOptions& g, const std::string& case_id) {
  const std::string format = output_format(g, "person list", {"text", "json", "jsonl", "csv"});
  Service service = open_service(g);
  const auto persons = service.persons(g.actor, case_id);
  if (format != "text") return print_list(format, persons, [](const CasePerson&) {});
  if (persons.empty()) {
    std::cout << "no persons in " << case_id << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows{{"N", "ROLE", "NAME", "BORN", "OTHER CASES"}};
  for (const auto& p : persons)
    rows.push_back({std::to_string(p.number), std::string(to_string(p.role)), text_or_dash(p.name),
                    p.birth_year ? std::to_string(*p.birth_year) : "-",
                    std::to_string(p.other_cases)});
  print_table(rows);
}

struct PersonCasesOptions {
  std::string case_id;
  int number = 0;
};

void run_person_cases(const GlobalOptions& g, const PersonCasesOptions& o) {
  const std::string format = output_format(g, "person cases", {"text", "json"});
  Service service = open_service(g);
  const PersonCases pc = service.person_cases(g.actor, o.case_id, o.number);
  if (format == "json") {
    std::cout << to_json(pc, JsonLayout::kIndented) << '\n';
    return;
  }
  std::cout << fmt::format("person {} of {} ({}, {}):", pc.person.number, pc.case_id,
                           to_string(pc.person.role), text_or_dash(pc.person.name));
  if (pc.cases.empty()) std::cout << " no other case you may read";
  for (const auto& id : pc.cases) std::cout << ' ' << id;
  std::cout << '\n';
  if (pc.others > 0)
    std::cout << fmt::format("{} more case{} you may not read\n", pc.others,
                             pc.others == 1 ? "" : "s");
}

}  // namespace

void setup_person(CLI::App& app, const GlobalOptions& g) {
  auto* person =
      app.add_subcommand("person", "the persons of a case, each one person across cases");
  person->require_subcommand(1);
  auto list_case = std::make_shared<std::string>();
  auto* list = person->add_subcommand(
      "list", "the persons of a case, with how many other cases name each (a logged read)");
  list->add_option("case", *list_case, "the case id")->required();
  list->callback([list_case, &g] { run_person_list(g, *list_case); });
  auto opts = std::make_shared<PersonCasesOptions>();
  auto* cases = person->add_subcommand(
      "cases", "the other cases of person N of a case: those you may read, the others counted");
  cases->add_option("case", opts->case_id, "the case id")->required();
  cases->add_option("number", opts->number, "the person's number in `ifg person list`")->required();
  cases->callback([opts, &g] { run_person_cases(g, *opts); });
}

}  // namespace ifg::cli

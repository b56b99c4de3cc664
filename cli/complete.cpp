// SPDX-License-Identifier: EUPL-1.2
// `ifg __complete WORD...`: the candidates for the shells' completion
// (completions/ifg.bash, completions/_ifg), read from the commands as
// setup_commands() defines them, so that they cannot drift from what ifg accepts.
#include "complete.h"

#include <cstdlib>
#include <iostream>
#include <map>

#include "common.h"
#include "ifg/service.h"

namespace ifg::cli {

namespace {

struct Marks {
  bool files = false;
  std::vector<std::string> values;
};

std::map<const CLI::Option*, Marks>& marks() {
  static std::map<const CLI::Option*, Marks> table;
  return table;
}

/// Whether the option reads a value (a flag does not: CLI11 keeps its type
/// size at 1 and expects 0 items, so the items expected is what tells).
bool takes_value(const CLI::Option* o) {
  return o->get_items_expected_max() > 0;
}

/// The option named `name` (--db, -h) of `app` or of a command above it (the
/// global options are accepted after the command too).
const CLI::Option* find_option(const CLI::App* app, const std::string& name) {
  for (; app; app = app->get_parent())
    for (const CLI::Option* o : app->get_options())
      if (o->nonpositional() && o->check_name(name)) return o;
  return nullptr;
}

CLI::App* find_command(CLI::App* app, const std::string& name) {
  for (CLI::App* s : app->get_subcommands([](CLI::App*) { return true; }))
    if (s->get_name() == name) return s;
  return nullptr;
}

/// Where the words before the one completed leave the command line.
struct Position {
  CLI::App* level = nullptr;
  const CLI::Option* value_of = nullptr;  ///< the option whose value is completed
  int positionals = 0;                    ///< positional arguments given to `level`
  std::optional<std::string> db;          ///< --db as given
};

/// Notes the value `value` given to option `o` (only --db matters).
void given(Position& p, const CLI::Option* o, const std::string& value) {
  if (o->check_name("--db")) p.db = value;
}

Position walk(CLI::App& app, const std::vector<std::string>& before) {
  Position p;
  p.level = &app;
  bool only_positionals = false;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const std::string& w = before[i];
    if (!only_positionals && w == "--") {
      only_positionals = true;
    } else if (!only_positionals && w.size() > 1 && w[0] == '-') {
      const auto eq = w.find('=');
      const CLI::Option* o = find_option(p.level, w.substr(0, eq));
      if (!o || !takes_value(o)) continue;
      if (eq != std::string::npos)
        given(p, o, w.substr(eq + 1));
      else if (i + 1 < before.size())
        given(p, o, before[++i]);
      else
        p.value_of = o;
    } else if (CLI::App* sub = only_positionals ? nullptr : find_command(p.level, w)) {
      p.level = sub;
      p.positionals = 0;
    } else {
      ++p.positionals;
    }
  }
  return p;
}

void print_matching(const std::vector<std::string>& candidates, const std::string& prefix) {
  for (const auto& c : candidates)
    if (c.compare(0, prefix.size(), prefix) == 0) std::cout << c << '\n';
}

/// The database the command line names: --db, else its environment variable, else its default.
std::string database(const CLI::App& app, const Position& p) {
  if (p.db) return *p.db;
  const CLI::Option* db = find_option(&app, "--db");
  if (!db) return {};
  if (const char* env = std::getenv(db->get_envname().c_str()); env && *env) return env;
  return db->get_default_str();
}

std::vector<std::string> case_ids(const std::string& db) {
  try {
    return Service::case_ids(db);
  } catch (...) {
    return {};  // no database, or not one of ifg: nothing to offer
  }
}

/// The values of `o` given to the command `level`: for --format, the formats
/// that command prints (output_formats()), else those listed for the option.
void print_values(const CLI::App* level, const CLI::Option* o, const std::string& prefix,
                  const std::string& db) {
  if (const auto& formats = output_formats(command_path(*level));
      o->check_name("--format") && !formats.empty())
    print_matching(formats, prefix);
  else if (completes_files(o))
    std::cout << "__files__\n";
  else if (completes_case_ids(o))
    print_matching(case_ids(db), prefix);
  else
    print_matching(completion_values(o), prefix);
}

void print_options(const CLI::App* level, const std::string& prefix) {
  std::vector<std::string> names;
  for (const CLI::App* app = level; app; app = app->get_parent())
    for (const CLI::Option* o : app->get_options()) {
      if (o->get_group().empty()) continue;  // hidden
      for (const auto& l : o->get_lnames()) names.push_back("--" + l);
      for (const auto& s : o->get_snames()) names.push_back("-" + s);
    }
  print_matching(names, prefix);
}

/// The positional argument of `level` that the next word fills, if any.
const CLI::Option* next_positional(const CLI::App* level, int given) {
  const CLI::Option* last = nullptr;
  for (const CLI::Option* o : level->get_options()) {
    if (o->nonpositional()) continue;
    const int takes = o->get_items_expected_max();
    if (given < takes) return o;
    given -= takes;
    last = o;
  }
  return last && last->get_items_expected_max() > 1 ? last : nullptr;
}

}  // namespace

CLI::Option* complete_files(CLI::Option* option) {
  marks()[option].files = true;
  return option;
}

CLI::Option* complete_values(CLI::Option* option, std::vector<std::string> values) {
  marks()[option].values = std::move(values);
  return option;
}

void forget_completions() {
  marks().clear();
}

std::vector<std::string> completion_values(const CLI::Option* option) {
  const auto it = marks().find(option);
  return it == marks().end() ? std::vector<std::string>{} : it->second.values;
}

bool completes_files(const CLI::Option* option) {
  const auto it = marks().find(option);
  return it != marks().end() && it->second.files;
}

std::string command_path(const CLI::App& cmd) {
  if (!cmd.get_parent()) return {};
  const std::string above = command_path(*cmd.get_parent());
  return above.empty() ? cmd.get_name() : above + " " + cmd.get_name();
}

bool completes_case_ids(const CLI::Option* option) {
  const std::string name = option->get_name();
  return name == "case" || name == "other_case" || name == "--case";
}

void print_completions(CLI::App& app, const std::vector<std::string>& words) {
  if (words.empty()) return;
  const std::string& word = words.back();
  const Position p = walk(app, {words.begin(), words.end() - 1});
  const std::string db = database(app, p);
  if (p.value_of) return print_values(p.level, p.value_of, word, db);
  if (!word.empty() && word[0] == '-') return print_options(p.level, word);
  const auto commands = p.level->get_subcommands([](CLI::App*) { return true; });
  if (!commands.empty()) {
    std::vector<std::string> names;
    for (const CLI::App* c : commands) names.push_back(c->get_name());
    return print_matching(names, word);
  }
  if (const CLI::Option* o = next_positional(p.level, p.positionals))
    print_values(p.level, o, word, db);
}

}  // namespace ifg::cli

// SPDX-License-Identifier: EUPL-1.2
// The man pages: roff written from the CLI11 commands that setup_commands()
// builds, in the current language, so that every command, option, default,
// environment variable and accepted value on a page is the one ifg accepts.
// The exit codes come from one table here whose values are ifg::ErrorCode's.
#include "manpage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "common.h"
#include "complete.h"
#include "i18n.h"
#include "ifg/error.h"
#include "ifg/version.h"

namespace ifg::cli {

namespace {

struct Entry {
  const char* name;
  const char* meaning;  ///< N_(): translated when written
};

/// The exit codes of docs/exit-codes.md.
const std::vector<std::pair<int, const char*>>& exit_statuses() {
  static const std::vector<std::pair<int, const char*>> table{
      {0, N_("success")},
      {static_cast<int>(ErrorCode::kRefused), N_("refused by a domain rule")},
      {static_cast<int>(ErrorCode::kUsage), N_("usage error")},
      {static_cast<int>(ErrorCode::kNotFound), N_("not found")},
      {static_cast<int>(ErrorCode::kAccessDenied), N_("access denied")},
      {static_cast<int>(ErrorCode::kInvalidInput), N_("invalid input data")},
      {static_cast<int>(ErrorCode::kStorage),
       N_("storage error, also when the output cannot be written")},
      {static_cast<int>(ErrorCode::kConfig), N_("configuration error")},
      {static_cast<int>(ErrorCode::kInternal), N_("internal error (a bug)")},
  };
  return table;
}

/// The environment ifg reads beside the variables of its options.
constexpr Entry kEnvironment[] = {
    {"IFG_BUSY_TIMEOUT_MS",
     N_("how long a write waits for another writer, in milliseconds (0 to 3600000; default "
        "10000)")},
    {"IFG_LOCALEDIR", N_("the folder of the message catalogues, instead of the installed one")},
    {"LANGUAGE, LC_ALL, LC_MESSAGES, LANG",
     N_("the language of messages when neither --lang nor IFG_LANG gives one, in this order: "
        "Dutch (nl) or English, the default")},
};

/// A character outside ASCII at text[i] as \[uXXXX]; the index of its last byte.
std::size_t escape_utf8(std::string_view text, std::size_t i, std::string& out) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (extra == 0 || i + extra >= text.size()) {
    out += '?';
    return i;
  }
  unsigned cp = lead & (0x7Fu >> (extra + 1));
  for (std::size_t k = 1; k <= extra; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
  out += fmt::format("\\[u{:04X}]", cp);
  return i + extra;
}

bool at_word_start(const std::string& out) {
  return out.empty() || out.back() == ' ' || out.back() == '(' || out.back() == '\n' ||
         out.back() == '-' || out.back() == '[';
}

/// `text` as roff text: backslashes and characters outside ASCII escaped, a `-`
/// that starts a word (an option) as \-, `quoted` spans in bold, and no line
/// that starts with a control character.
std::string roff(std::string_view text) {
  std::string out;
  bool bold = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '`') {
      out += bold ? "\\fR" : "\\fB";
      bold = !bold;
      continue;
    }
    if ((out.empty() || out.back() == '\n') && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\')
      out += "\\e";
    else if (c == '-' && (bold || at_word_start(out)))
      out += "\\-";
    else if (static_cast<unsigned char>(c) >= 0x80)
      i = escape_utf8(text, i, out);
    else
      out += c;
  }
  if (bold) out += "\\fR";
  return out;
}

/// A name (an option, a command, a page, a variable) with every `-` as \-.
std::string dashed(std::string_view name) {
  std::string out;
  for (char c : name) out += c == '-' ? std::string("\\-") : roff(std::string(1, c));
  return out;
}

/// A name to be typed, in bold.
std::string bold_name(std::string_view name) {
  return "\\fB" + dashed(name) + "\\fR";
}

std::string italic(std::string_view text) {
  return "\\fI" + roff(text) + "\\fR";
}

std::string label(const CLI::App& root, const std::string& key) {
  return root.get_formatter()->get_label(key);
}

std::vector<const CLI::App*> commands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

std::vector<const CLI::Option*> shown_options(const CLI::App& app, bool positionals) {
  return app.get_options([positionals](const CLI::Option* o) {
    return !o->get_group().empty() && o->nonpositional() != positionals;
  });
}

/// The page of a command: ifg-plan for `ifg plan`, ifg for the program.
std::string page_name(const CLI::App& cmd) {
  std::string path = command_path(cmd);
  std::replace(path.begin(), path.end(), ' ', '-');
  return path.empty() ? "ifg" : "ifg-" + path;
}

/// ifg [OPTIONS] plan add [OPTIONS] case, with SUBCOMMAND when it has subcommands.
std::string synopsis(const CLI::App& root, const CLI::App& cmd) {
  const std::string options = " [" + italic(label(root, "OPTIONS")) + "]";
  std::string s = bold_name("ifg") + options;
  if (&cmd != &root) s += " " + bold_name(command_path(cmd)) + options;
  if (!commands_of(cmd).empty()) s += " " + italic(label(root, "SUBCOMMAND"));
  for (const CLI::Option* o : shown_options(cmd, true)) {
    const std::string more = o->get_items_expected_max() > 1 ? "..." : "";
    s += o->get_required() ? " " + italic(o->get_name()) + more
                           : " [" + italic(o->get_name()) + more + "]";
  }
  return s + "\n";
}

/// The tag of an option's item: its names and value, or a positional's name.
std::string option_tag(const CLI::App& root, const CLI::Option* o) {
  if (!o->nonpositional()) return italic(o->get_name());
  std::string tag;
  for (const auto& s : o->get_snames()) tag += (tag.empty() ? "" : ", ") + bold_name("-" + s);
  for (const auto& l : o->get_lnames()) tag += (tag.empty() ? "" : ", ") + bold_name("--" + l);
  if (o->get_items_expected_max() > 0) {  // a flag expects 0 items
    const std::string type = o->get_type_name();
    tag += " " + italic(label(root, type.substr(0, type.find(':'))));
  }
  return tag;
}

/// What the item of an option says beside its description.
std::vector<std::string> option_details(const CLI::App& root, const CLI::Option* o) {
  std::vector<std::string> out;
  if (o->get_required()) out.push_back(label(root, "REQUIRED"));
  if (const auto values = completion_values(o); !values.empty())
    out.push_back(fmt::format("{}: {}", tr("Values"), fmt::join(values, ", ")));
  const std::string type = o->get_type_name();
  if (const auto colon = type.find(':'); colon != std::string::npos)
    out.push_back(type.substr(colon + 1));
  if (o->get_items_expected_max() > 0 && !o->get_required() && !o->get_default_str().empty())
    out.push_back(fmt::format("{}: {}", tr("Default"), o->get_default_str()));
  if (!o->get_envname().empty())
    out.push_back(fmt::format("{}: {}", label(root, "Env"), o->get_envname()));
  if (o->nonpositional() && o->get_items_expected_max() > 1) out.push_back(tr("repeatable"));
  return out;
}

void write_items(std::string& page, const CLI::App& root, const CLI::App& cmd, bool positionals) {
  for (const CLI::Option* o : shown_options(cmd, positionals)) {
    page += ".TP\n" + option_tag(root, o) + "\n" + roff(o->get_description()) + "\n";
    for (const auto& d : option_details(root, o)) page += ".br\n" + roff(d) + "\n";
  }
}

/// The arguments and options of `cmd`, under section headings or, for a
/// subcommand's section, as paragraphs.
void write_options(std::string& page, const CLI::App& root, const CLI::App& cmd, bool headings) {
  if (!shown_options(cmd, true).empty()) {
    page += headings ? ".SH " + roff(tr("ARGUMENTS")) + "\n" : "";
    write_items(page, root, cmd, true);
  }
  page += headings ? ".SH " + roff(label(root, "OPTIONS")) + "\n" : "";
  write_items(page, root, cmd, false);
}

/// The formats the command prints (output_formats()), as a paragraph; "" for none.
std::string formats_paragraph(const CLI::App& cmd) {
  const auto& formats = output_formats(command_path(cmd));
  if (formats.empty()) return {};
  return ".PP\n" + roff(trf("Output formats (--format): {}", fmt::join(formats, ", "))) + "\n";
}

/// The subcommands of `cmd`, each a section (SS) with its synopsis and options; theirs too.
void write_subcommands(std::string& page, const CLI::App& root, const CLI::App& cmd) {
  for (const CLI::App* sub : commands_of(cmd)) {
    page += ".SS \"" + roff(std::string("ifg ") + command_path(*sub)) + "\"\n";
    page += synopsis(root, *sub) + ".PP\n" + roff(sub->get_description()) + "\n";
    page += formats_paragraph(*sub);
    write_options(page, root, *sub, false);
    write_subcommands(page, root, *sub);
  }
}

/// The program's commands, each with its page.
void write_command_list(std::string& page, const CLI::App& root) {
  for (const CLI::App* cmd : commands_of(root)) {
    page += ".TP\n" + bold_name(cmd->get_name()) + "\n" + roff(cmd->get_description()) + "\n";
    page += ".br\n.BR " + dashed(page_name(*cmd)) + " (1)\n";
  }
}

void heading(std::string& page, const std::string& title) {
  page += ".SH " + roff(title) + "\n";
}

/// The title line, and NAME: "ifg-plan \- the action plan of a case".
void write_header(std::string& page, const CLI::App& cmd, const std::string& date) {
  std::string title = page_name(cmd);
  std::transform(title.begin(), title.end(), title.begin(), [](char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  page += fmt::format(".TH \"{}\" 1 \"{}\" \"ifg {}\" \"ifg\"\n", dashed(title), roff(date),
                      roff(version()));
  std::string description = cmd.get_description();
  if (description.rfind("ifg: ", 0) == 0) description.erase(0, 5);
  heading(page, tr("NAME"));
  page += dashed(page_name(cmd)) + " \\- " + roff(description) + "\n";
}

void write_exit_status(std::string& page) {
  heading(page, tr("EXIT STATUS"));
  for (const auto& [code, meaning] : exit_statuses())
    page += fmt::format(".TP\n\\fB{}\\fR\n", code) + roff(tr(meaning)) + "\n";
}

/// The variables of the program's options (IFG_DB, ...), then the others ifg reads.
void write_environment(std::string& page, const CLI::App& root) {
  heading(page, tr("ENVIRONMENT"));
  for (const CLI::Option* o : root.get_options())
    if (!o->get_envname().empty())
      page += ".TP\n" + bold_name(o->get_envname()) + "\n" +
              roff(fmt::format("{} (`{}`)", o->get_description(), o->get_name())) + "\n";
  for (const auto& e : kEnvironment)
    page += ".TP\n" + bold_name(e.name) + "\n" + roff(tr(e.meaning)) + "\n";
}

void write_see_also(std::string& page, const CLI::App& root, const CLI::App& cmd) {
  heading(page, tr("SEE ALSO"));
  std::vector<std::string> pages;
  if (&cmd != &root) pages.push_back(bold_name("ifg") + "(1)");
  for (const CLI::App* c : &cmd == &root ? commands_of(root) : std::vector<const CLI::App*>{})
    pages.push_back(bold_name(page_name(*c)) + "(1)");
  page += fmt::format("{}\n", fmt::join(pages, ",\n"));
}

std::string program_page(const CLI::App& root, const std::string& date) {
  std::string page;
  write_header(page, root, date);
  heading(page, tr("SYNOPSIS"));
  page += synopsis(root, root);
  heading(page, tr("DESCRIPTION"));
  page += roff(tr("Each command has its own page, ifg-COMMAND(1). The options below are "
                  "accepted before or after the command.")) +
          "\n";
  write_options(page, root, root, true);
  heading(page, tr("COMMANDS"));
  write_command_list(page, root);
  write_exit_status(page);
  write_environment(page, root);
  write_see_also(page, root, root);
  return page;
}

std::string command_page(const CLI::App& root, const CLI::App& cmd, const std::string& date) {
  std::string page;
  write_header(page, cmd, date);
  heading(page, tr("SYNOPSIS"));
  page += synopsis(root, cmd);
  for (const CLI::App* sub : commands_of(cmd)) page += ".br\n" + synopsis(root, *sub);
  heading(page, tr("DESCRIPTION"));
  page += roff(cmd.get_description()) + "\n.PP\n" +
          roff(tr("The options of the program, in ifg(1), are accepted too.")) + "\n";
  page += formats_paragraph(cmd);
  write_options(page, root, cmd, true);
  if (!commands_of(cmd).empty()) {
    heading(page, tr("COMMANDS"));
    write_subcommands(page, root, cmd);
  }
  write_exit_status(page);
  write_environment(page, root);
  write_see_also(page, root, cmd);
  return page;
}

void write_page(const std::string& path, const std::string& page) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << page;
  out.close();
  if (!out)
    throw Error(ErrorCode::kStorage, trf("cannot write {}: {}", path, std::strerror(errno)));
}

}  // namespace

void write_manpages(const CLI::App& app, const std::string& dir, const std::string& date) {
  write_page(dir + "/ifg.1", program_page(app, date));
  for (const CLI::App* cmd : commands_of(app))
    write_page(dir + "/" + page_name(*cmd) + ".1", command_page(app, *cmd, date));
}

}  // namespace ifg::cli

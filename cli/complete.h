// SPDX-License-Identifier: EUPL-1.2
// What the shell completes for the value of an option, said where the option
// is defined, so that completion (`ifg __complete`, cli/complete.cpp) and the
// man pages (cli/manpage.cpp) list what the command accepts and cannot drift
// from it. Only a side table: the option's parsing, validation and messages
// stay as they are. A positional `case` or `other_case` and an option `--case`
// complete case ids without being marked.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "ifg/model.h"

namespace ifg::cli {

/// The value of `option` is a file: the shell completes file names.
CLI::Option* complete_files(CLI::Option* option);

/// The value of `option` is one of `values`.
CLI::Option* complete_values(CLI::Option* option, std::vector<std::string> values);

/// The value of `option` is a code of enumeration E: those in `offered`, or
/// every code of E (its English codes, without the Dutch aliases).
template <class E>
CLI::Option* complete_enum(CLI::Option* option, const std::vector<E>& offered = {}) {
  std::vector<std::string> values;
  for (E e : offered) values.emplace_back(to_string(e));
  if (offered.empty()) {
    const std::string codes = enum_codes<E>();  // "a, b (alias), c"
    for (std::size_t at = 0; at < codes.size();) {
      std::size_t end = codes.find(", ", at);
      if (end == std::string::npos) end = codes.size();
      const std::string item = codes.substr(at, end - at);
      values.push_back(item.substr(0, item.find(" (")));
      at = end + 2;
    }
  }
  return complete_values(option, std::move(values));
}

/// Forgets what was said of the options of a program set up before (whose
/// options are gone): before setting up another.
void forget_completions();

/// The values listed for `option` by complete_values() or complete_enum(); empty otherwise.
std::vector<std::string> completion_values(const CLI::Option* option);

/// Whether the value of `option` is a file (complete_files()).
bool completes_files(const CLI::Option* option);

/// Whether the value of `option` is a case id.
bool completes_case_ids(const CLI::Option* option);

/// "plan add" for the command `ifg plan add`; "" for the program itself.
std::string command_path(const CLI::App& cmd);

/// `ifg __complete WORD...`: prints the candidates for the last of `words`
/// (the words after `ifg`, the last being completed, possibly empty), one a
/// line: commands, options, an option's values, case ids of the database
/// named by --db or IFG_DB (read-only; nothing on any error), or `__files__`
/// when the shell is to complete file names. Never fails.
void print_completions(CLI::App& app, const std::vector<std::string>& words);

}  // namespace ifg::cli

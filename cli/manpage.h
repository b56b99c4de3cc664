// SPDX-License-Identifier: EUPL-1.2
// The man pages, generated from the commands as setup_commands() defines them
// (`ifg __man DIR DATE`, run by the build: docs/manpages-and-completion.md).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace ifg::cli {

/// Writes the man pages of `app` in the current language to `dir` (which must
/// exist): ifg.1 for the program and its global options, and ifg-COMMAND.1 for
/// each command, its subcommands as sections of that page (`ifg plan add` in
/// ifg-plan.1), as git does. `date` (YYYY-MM-DD) goes in each page's header.
/// Throws Error(kStorage) when a page cannot be written.
void write_manpages(const CLI::App& app, const std::string& dir, const std::string& date);

}  // namespace ifg::cli

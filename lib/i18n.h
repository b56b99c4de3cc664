// SPDX-License-Identifier: EUPL-1.2
// Private: formatting a translated message. A message is written in English in
// the source, marked for xgettext by tr()/trf()/N_(), and formatted with fmt
// after translation; po/nl.po keeps the {} of each (msgfmt --check).
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>

#include "ifg/i18n.h"

/// Marks a string for the catalogue without translating it (a table entry
/// translated where it is shown, with tr()).
#define N_(text) text

namespace ifg {

/// The message `msgid` translated, then formatted with `args` by fmt.
///     trf("case {} is {}", id, status)  // "dossier ANT-2026-0001 is ..." in Dutch
template <class... Args>
std::string trf(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(tr(msgid)), std::forward<Args>(args)...);
}

namespace detail {

/// While it lives, this thread's messages are English whatever the chosen
/// language: for output that programs read, such as the CSV of a report,
/// whose cells are built by the same code as its text.
class ScopedEnglish {
 public:
  ScopedEnglish();
  ~ScopedEnglish();
  ScopedEnglish(const ScopedEnglish&) = delete;
  ScopedEnglish& operator=(const ScopedEnglish&) = delete;
};

}  // namespace detail

}  // namespace ifg

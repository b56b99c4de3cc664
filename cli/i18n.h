// The CLI's side of libifg's messages (ifg/i18n.h): formatting a translated
// message, as lib/i18n.h does for the library; one catalogue holds both.
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

}  // namespace ifg

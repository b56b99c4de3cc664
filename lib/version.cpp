// SPDX-License-Identifier: EUPL-1.2
#include "ifg/version.h"

namespace ifg {

const char* version() noexcept {
  return IFG_VERSION_STRING;
}

}  // namespace ifg

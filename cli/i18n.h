// SPDX-License-Identifier: EUPL-1.2
// The CLI's messages go through the same catalogue as the library's
// (ifg/i18n.h), formatted by the same header-only helper, trf() and N_():
// the one private header of lib/ that the CLI shares, so that it is written once.
#pragma once

#include "../lib/i18n.h"

// SPDX-License-Identifier: EUPL-1.2
// Private: the check that a file named as input is something to read.
#pragma once

#include <string>
#include <string_view>

#include "ifg/error.h"

namespace ifg::detail {

/// Refuses, with Error(`code`), a `path` that exists but is not a regular file
/// or a FIFO (a pipe: `<(...)`, /dev/stdin from a pipe): a folder, a device, a
/// socket. A folder read as a file reads as empty, which would pass for a file
/// holding nothing ("0 regions", an empty batch). `what` names the file in the
/// message, translated by the caller (tr("the referral file")). A path that does not exist is left
/// to the reader, whose message says so.
void require_readable_file(const std::string& path, ErrorCode code, std::string_view what);

}  // namespace ifg::detail

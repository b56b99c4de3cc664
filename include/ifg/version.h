#pragma once

namespace ifg {

/// The version of libifg and of the `ifg` program, "X.Y.Z".
const char* version() noexcept;

}  // namespace ifg

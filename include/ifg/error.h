// The one error type at libifg's boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace ifg {

/// What kind of failure an ifg::Error is. The values are the exit codes of the
/// `ifg` program (spec/cli.md, "Exit status"), so a tool embedding libifg can
/// report failures the same way.
enum class ErrorCode : int {
  kRefused = 1,       ///< a domain rule refuses the request (status transition, ...)
  kUsage = 2,         ///< the request itself is malformed (unknown option, missing argument)
  kNotFound = 3,      ///< a case, professional, partner or region named by the request is unknown
  kAccessDenied = 4,  ///< no actor, an unknown or inactive actor, or one who may not do this
  kInvalidInput = 5,  ///< input data (a referral file or record) is invalid or unreadable
  kStorage = 6,       ///< the database is missing, locked, corrupt, full or not writable
  kConfig = 7,        ///< the configuration file is invalid
  kInternal = 70,     ///< a bug in ifg
};

/// A failure reported by libifg. The message says what failed, on which input
/// (file:line, case id, field) and what to do about it; it never holds personal
/// data beyond ids. Immutable, so safe to share between threads.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}

  ErrorCode code() const noexcept { return code_; }
  /// The process exit code for this error.
  int exit_code() const noexcept { return static_cast<int>(code_); }

 private:
  ErrorCode code_;
};

}  // namespace ifg

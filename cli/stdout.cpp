// SPDX-License-Identifier: EUPL-1.2
// Standard output as ifg writes it: a buffer over file descriptor 1 that
// remembers the first write that failed, so that a full disk, a closed file or
// any other short write ends the command with a message and exit 6 instead of
// being lost (docs/exit-codes.md). A reader that went away (EPIPE, `| head`)
// ends the program by SIGPIPE, quietly, as before: also when the parent left
// SIGPIPE ignored.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <optional>
#include <streambuf>

#include "common.h"

namespace ifg::cli {

namespace {

class FdBuffer : public std::streambuf {
 public:
  FdBuffer() { setp(buffer_, buffer_ + sizeof buffer_); }
  int error() const { return error_; }

 protected:
  int overflow(int c) override {
    if (sync() != 0) return traits_type::eof();
    if (c != traits_type::eof()) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n < epptr() - pptr()) {
      std::memcpy(pptr(), s, static_cast<std::size_t>(n));
      pbump(static_cast<int>(n));
      return n;
    }
    if (sync() != 0 || !write_all(s, static_cast<std::size_t>(n))) return 0;
    return n;
  }
  int sync() override {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_, buffer_ + sizeof buffer_);
    return write_all(buffer_, n) ? 0 : -1;
  }

 private:
  /// Writes all of `s`, or records why it could not; nothing more after a failure.
  bool write_all(const char* s, std::size_t n) {
    while (n > 0 && error_ == 0) {
      const ssize_t done = ::write(STDOUT_FILENO, s, n);
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0) {
        error_ = done < 0 ? errno : EIO;
        break;
      }
      s += done;
      n -= static_cast<std::size_t>(done);
    }
    return error_ == 0;
  }

  char buffer_[1 << 16];
  int error_ = 0;
};

/// CSV in Excel's dialect for a Belgian locale (docs/language.md): a UTF-8
/// BOM first, then what is written with `;` for each `,` and CRLF for each
/// line feed outside quoted cells. The writers emit RFC 4180 and quote every
/// cell holding `,` `;` or a line break, so a cell's content never changes.
class ExcelCsvBuffer : public std::streambuf {
 public:
  explicit ExcelCsvBuffer(std::streambuf* next) : next_(next) {}

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (!started_ && n > 0) {  // the BOM before the first byte, not for a command that fails first
      started_ = true;
      if (!put("\xEF\xBB\xBF", 3)) return 0;
    }
    std::streamsize from = 0;
    for (std::streamsize i = 0; i < n; ++i) {
      const char c = s[i];
      if (c == '"') quoted_ = !quoted_;
      if (quoted_ || (c != ',' && c != '\n')) continue;
      if (!put(s + from, i - from) || !put(c == ',' ? ";" : "\r\n", c == ',' ? 1 : 2)) return 0;
      from = i + 1;
    }
    return put(s + from, n - from) ? n : 0;
  }
  int sync() override { return next_->pubsync(); }

 private:
  bool put(const char* s, std::streamsize n) { return next_->sputn(s, n) == n; }
  std::streambuf* next_;
  bool quoted_ = false;
  bool started_ = false;
};

FdBuffer* installed = nullptr;

}  // namespace

struct StdoutGuard::Impl {
  FdBuffer buffer;
  std::streambuf* previous = nullptr;
  std::optional<ExcelCsvBuffer> excel;  // after `buffer`: destroyed before it
};

namespace {
std::optional<ExcelCsvBuffer>* excel_slot = nullptr;  // the guard's, while it lives
}  // namespace

void use_excel_csv() {
  if (!excel_slot || *excel_slot) return;
  std::cout.flush();
  excel_slot->emplace(std::cout.rdbuf());
  std::cout.rdbuf(&**excel_slot);
}

StdoutGuard::StdoutGuard() : impl_(std::make_unique<Impl>()) {
  impl_->previous = std::cout.rdbuf(&impl_->buffer);
  installed = &impl_->buffer;
  excel_slot = &impl_->excel;
}

StdoutGuard::~StdoutGuard() {
  std::cout.flush();
  std::cout.rdbuf(impl_->previous);
  installed = nullptr;
  excel_slot = nullptr;
}

std::optional<std::string> take_stdout_failure() {
  static bool taken = false;
  std::cout.flush();
  const int error = installed ? installed->error() : 0;
  if (taken || (error == 0 && std::cout.good())) return std::nullopt;
  taken = true;
  if (error == EPIPE) {  // the reader went away: end as an unhandled SIGPIPE ends us
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
  }
  return std::string(error ? std::strerror(error) : "the stream failed");
}

}  // namespace ifg::cli

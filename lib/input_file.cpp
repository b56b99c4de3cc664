#include "input_file.h"

#include <sys/stat.h>

#include "format.h"

namespace ifg::detail {

void require_readable_file(const std::string& path, ErrorCode code, std::string_view what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)) return;
  const char* kind = S_ISDIR(st.st_mode)                          ? "a folder"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                     : S_ISSOCK(st.st_mode)                       ? "a socket"
                                                                  : "a special file";
  throw Error(code, fmt::format("{}: {} is {}, not a regular file; name the file itself "
                                "(nothing was read)",
                                path, what, kind));
}

}  // namespace ifg::detail

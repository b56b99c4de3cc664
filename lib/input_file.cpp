// SPDX-License-Identifier: EUPL-1.2
#include "input_file.h"

#include <sys/stat.h>

#include "format.h"
#include "i18n.h"

namespace ifg::detail {

void require_readable_file(const std::string& path, ErrorCode code, std::string_view what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)) return;
  const char* message =
      S_ISDIR(st.st_mode)
          ? N_("{}: {} is a folder, not a regular file; name the file itself (nothing was read)")
      : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
          ? N_("{}: {} is a device, not a regular file; name the file itself (nothing was read)")
      : S_ISSOCK(st.st_mode)
          ? N_("{}: {} is a socket, not a regular file; name the file itself (nothing was read)")
          : N_("{}: {} is a special file, not a regular file; name the file itself (nothing was "
               "read)");
  throw Error(code, trf(message, path, tr(std::string(what).c_str())));  // `what` may be N_()
}

}  // namespace ifg::detail

// SPDX-License-Identifier: EUPL-1.2
#include "fuzz_support.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ifg/error.h"
#include "ifg/json.h"
#include "ifg/screening.h"
#include "referral_json.h"

namespace ifg::fuzz {

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz: %s\n", what);
  std::abort();
}

int memory_file() {
  static const int fd = [] {
    const int f = memfd_create("ifg-fuzz-input", MFD_CLOEXEC);
    if (f < 0) {
      std::fprintf(stderr, "fuzz: memfd_create: %s\n", std::strerror(errno));
      std::abort();
    }
    return f;
  }();
  return fd;
}

// Fixed, so a run is deterministic: the regions and some partners of
// examples/flanders.toml, one extra life domain, and a fixed today.
Catalog fuzz_catalog() {
  Catalog c;
  c.regions = {"ANT", "LIM", "OVL", "VBR", "WVL"};
  c.partners = {"caw-antwerpen", "pz-antwerpen", "jh-limburg", "pz-limburg", "jh-vlaanderen"};
  c.extra_life_domains = {"digital"};
  c.today = Date{2026, 11, 28};
  return c;
}

void check_record(const RecordInput& in, long expected_record, const Catalog& catalog) {
  if (in.record != expected_record) fail("records are not numbered 1, 2, 3, ...");
  if (in.referral.has_value() == !in.errors.empty())
    fail("a record must have either a referral or errors, not both or neither");
  for (const auto& e : in.errors)
    if (e.message.empty()) fail("an error without a message");
  if (!in.referral) return;

  ScreeningParams params;
  params.extra_life_domains = catalog.extra_life_domains;
  const Screening s = screen(*in.referral, params);
  if (s.criteria.size() != all_criteria().size()) fail("screening did not judge every criterion");

  // The stored form of a referral is its canonical JSON: it must read back.
  const detail::json canonical = detail::referral_to_json(*in.referral);
  const std::string text = canonical.dump();  // throws on text that is not UTF-8
  // ... and it is what the JSON form of a referral writes (what ifg stores): the
  // same members in the same order. The writer escapes DEL, C1 controls and
  // U+2028/U+2029 as \uXXXX where nlohmann writes them raw, so the written text
  // is compared after a parse that keeps its order.
  const std::string written = to_json(*in.referral);
  if (nlohmann::ordered_json::parse(written).dump() != text)
    fail("write_json(Referral) differs from the canonical JSON");
  const auto again =
      detail::validate_referral(detail::json::parse(text), catalog, ReadMode::kSingle);
  if (!again.referral || !again.errors.empty())
    fail("the canonical JSON of a valid referral is invalid");
  if (detail::referral_to_json(*again.referral) != canonical)
    fail("the canonical JSON of a referral changes when read again");
}

}  // namespace

std::string input_file(const std::uint8_t* data, std::size_t size) {
  const int fd = memory_file();
  if (ftruncate(fd, 0) != 0) fail("cannot truncate the input file");
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write the input file");
    done += static_cast<std::size_t>(n);
  }
  return "/proc/self/fd/" + std::to_string(fd);
}

void read_referrals(const std::uint8_t* data, std::size_t size, InputFormat format, ReadMode mode) {
  const std::string path = input_file(data, size);
  const Catalog catalog = fuzz_catalog();
  try {
    ReferralReader reader(path, format, catalog, mode);
    long n = 0;
    while (auto rec = reader.next()) check_record(*rec, ++n, catalog);
  } catch (const Error&) {
    // A file that cannot be read as a whole: expected for most inputs.
  }
}

}  // namespace ifg::fuzz

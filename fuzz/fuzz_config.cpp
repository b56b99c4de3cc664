// SPDX-License-Identifier: EUPL-1.2
// Fuzz target: the configuration file (ifg init --config), read by ifg::load_config.
// A configuration it accepts must keep the promises of docs/formats.md that the
// rest of ifg relies on; one that breaks them aborts, so the fuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz_support.h"
#include "ifg/error.h"

namespace {

void require(bool ok, const char* promise) {
  if (ok) return;
  std::fprintf(stderr, "fuzz: an accepted configuration breaks: %s\n", promise);
  std::abort();
}

void check(const ifg::Config& c) {
  require(c.screening.min_life_domains >= 1 && c.screening.min_life_domains <= 50,
          "min_life_domains is 1 to 50");
  require(!c.screening.care_sectors.empty() && !c.screening.security_sectors.empty(),
          "the sector lists are not empty");
  std::set<std::string> regions;
  for (const auto& r : c.regions) {
    require(r.code.size() >= 2 && r.code.size() <= 5, "a region code has 2 to 5 letters");
    for (char ch : r.code) require(ch >= 'A' && ch <= 'Z', "a region code is upper case");
    require(regions.insert(r.code).second, "region codes are distinct");
    require(!r.name.empty(), "a region has a name");
  }
  std::set<std::string> ids;
  for (const auto& p : c.partners) {
    require(!p.id.empty() && !p.name.empty(), "a partner has an id and a name");
    require(ids.insert(p.id).second, "partner ids are distinct");
  }
  ids.clear();
  for (const auto& p : c.professionals) {
    require(!p.id.empty() && !p.partner.empty(), "a professional has an id and a partner");
    require(!p.roles.empty(), "a professional has a role");
    require(ids.insert(p.id).second, "professional ids are distinct");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    check(ifg::load_config(ifg::fuzz::input_file(data, size)));
  } catch (const ifg::Error&) {
    // An invalid configuration: expected for most inputs.
  }
  return 0;
}

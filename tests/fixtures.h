// SPDX-License-Identifier: EUPL-1.2
// Test fixtures shared by the library unit tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "catch.hpp"
#include "ifg/error.h"
#include "ifg/model.h"
#include "ifg/service.h"

namespace ifg::test {

/// A scratch folder for one test, removed when it goes out of scope; on tmpfs
/// when there is one (databases sync every commit).
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& what = "test") {
    static int n = 0;
    std::error_code ec;
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
            ? std::filesystem::path("/dev/shm")
            : std::filesystem::temp_directory_path();
    dir_ = base / ("ifg-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::remove_all(dir_, ec);
    std::filesystem::create_directories(dir_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  /// The path of a file `name` in the folder.
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  /// Writes `content` to the file `name`; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const std::string p = path(name);
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::filesystem::path dir_;
};

/// Two regions, Antwerpen and Limburg, each with its Justitiehuis and a
/// coordinator there (coord.ant, coord.lim), and CAW Antwerpen: what the
/// library tests' configurations share; each test adds its own people.
inline Config two_regions() {
  Config c;
  c.regions = {{"ANT", "Antwerpen", "Veilig Huis Antwerpen"},
               {"LIM", "Limburg", "Veilig Huis Limburg"}};
  c.partners = {{"jh-ant", PartnerKind::kJustitiehuis, "JH Antwerpen", {"ANT"}},
                {"caw-ant", PartnerKind::kCaw, "CAW Antwerpen", {"ANT"}},
                {"jh-lim", PartnerKind::kJustitiehuis, "JH Limburg", {"LIM"}}};
  c.professionals = {{"coord.ant", "Coordinator A", "jh-ant", {Role::kCoordinator}, true},
                     {"coord.lim", "Coordinator L", "jh-lim", {Role::kCoordinator}, true}};
  return c;
}

/// two_regions() where coord.ant directs too, with dir.ant (director and member) at CAW Antwerpen.
inline Config regions_with_director() {
  Config c = two_regions();
  for (auto& p : c.professionals)
    if (p.id == "coord.ant") p.roles = {Role::kCoordinator, Role::kDirector};
  c.professionals.push_back(
      {"dir.ant", "Director A", "caw-ant", {Role::kDirector, Role::kMember}, true});
  return c;
}

/// The configured professional `id` of `c`, to change their roles.
inline Professional& professional(Config& c, const std::string& id) {
  for (auto& p : c.professionals)
    if (p.id == id) return p;
  throw std::logic_error("no professional " + id + " in the test configuration");
}

/// A referral that passes all seven criteria: via CAW, very unsafe, regular
/// cooperation insufficient, welfare + police, two life domains, help stuck,
/// police as crisis partner; a victim and a child. Tests change what they test.
inline Referral eligible_referral(const std::string& ref, const std::string& region = "ANT",
                                  Date received = {2026, 11, 2}) {
  Referral r;
  r.external_ref = ref;
  r.region = region;
  r.received = received;
  r.channel = Channel::kCaw;
  r.safety = Safety::kVeryUnsafe;
  r.regular_cooperation_sufficient = false;
  r.sectors_needed = {Sector::kWelfare, Sector::kPolice};
  r.life_domains = {"housing", "finances"};
  r.help_status = HelpStatus::kStuck;
  r.crisis_partner = PartnerKind::kPolitie;
  r.persons = {{PersonRole::kVictim, "Person A.", 1991}, {PersonRole::kChild, std::nullopt, 2016}};
  return r;
}

/// An in-memory database loaded with `config` whose clock reads `*now`, which
/// the test moves.
inline Service memory_service(const Config& config, const std::shared_ptr<Timestamp>& now) {
  ServiceOptions o;
  o.db_path = ":memory:";
  o.create = true;
  o.clock = [now] { return *now; };
  Service s(o);
  s.init(config, std::nullopt);
  return s;
}

/// The ErrorCode that `f` throws; fails the test when it throws none.
inline ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no ifg::Error thrown");
  return ErrorCode::kInternal;
}

/// The hint, and the case or file it names, of the ifg::Error that `f` throws.
struct HintOf {
  Hint hint = Hint::kNone;
  std::string subject;
  bool operator==(const HintOf&) const = default;
};
inline HintOf hint_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.hint(), e.subject()};
  }
  FAIL("no ifg::Error thrown");
  return {};
}

}  // namespace ifg::test

// SPDX-License-Identifier: EUPL-1.2
// The configuration file (docs/formats.md, "The configuration file"): a good file
// with every section, defaults, and bad files that throw Error(kConfig) naming the
// file, the line and the key. Also the rule-set version of the screening parameters.
// Fixtures are in tests/data/config/; every person in them is synthetic.
#include <string>
#include <vector>

#include "catch.hpp"
#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/screening.h"

using namespace ifg;
using Catch::Contains;

namespace {

const std::string kDir = std::string(IFG_TEST_DATA) + "/config/";

/// The message of the Error(kConfig) that loading `path` throws; "<loaded>" when
/// it loads.
std::string config_error(const std::string& path) {
  try {
    load_config(path);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kConfig);
    return e.what();
  }
  return "<loaded>";
}

/// "path:line:", the start of a message that names the line.
std::string at(const std::string& path, int line) {
  return path + ":" + std::to_string(line) + ":";
}

}  // namespace

TEST_CASE("a good configuration: every section and key", "[config]") {
  const Config c = load_config(kDir + "good.toml");

  CHECK(c.screening.min_life_domains == 3);
  CHECK(c.screening.care_sectors == std::vector<Sector>{Sector::kWelfare, Sector::kHealth});
  CHECK(c.screening.security_sectors == std::vector<Sector>{Sector::kPolice});
  CHECK(c.screening.extra_life_domains == std::vector<std::string>{"gambling", "debt"});
  CHECK(c.require_justification);

  REQUIRE(c.regions.size() == 2);
  CHECK(c.regions[0].code == "ANT");
  CHECK(c.regions[0].name == "Antwerpen");
  CHECK(c.regions[0].veilig_huis == "Veilig Huis Antwerpen");
  CHECK(c.regions[1].code == "LIM");
  CHECK(c.regions[1].veilig_huis.empty());  // optional

  REQUIRE(c.partners.size() == 2);
  CHECK(c.partners[0].id == "caw-antwerpen");
  CHECK(c.partners[0].kind == PartnerKind::kCaw);
  CHECK(c.partners[0].name == "CAW Antwerpen");
  CHECK(c.partners[0].regions == std::vector<std::string>{"ANT"});
  CHECK(c.partners[1].id == "pz-limburg");
  CHECK(c.partners[1].kind == PartnerKind::kPolitie);
  CHECK(c.partners[1].regions == std::vector<std::string>{"LIM", "ANT"});

  REQUIRE(c.professionals.size() == 2);
  const Professional& coord = c.professionals[0];
  CHECK(coord.id == "coord.ant");
  CHECK(coord.name == "Person A.");
  CHECK(coord.partner == "caw-antwerpen");
  CHECK(coord.roles == std::vector<Role>{Role::kCoordinator, Role::kDirector});
  CHECK(coord.has_role(Role::kDirector));
  CHECK_FALSE(coord.has_role(Role::kMember));
  CHECK(coord.active);  // the default
  const Professional& member = c.professionals[1];
  CHECK(member.id == "member.lim");
  CHECK(member.roles == std::vector<Role>{Role::kMember});
  CHECK_FALSE(member.active);
}

TEST_CASE("sections that are left out take their defaults", "[config]") {
  const Config c = load_config(kDir + "minimal.toml");
  const ScreeningParams defaults;
  CHECK(c.screening.min_life_domains == 2);
  CHECK(c.screening.care_sectors == defaults.care_sectors);
  CHECK(c.screening.security_sectors == defaults.security_sectors);
  CHECK(c.screening.extra_life_domains.empty());
  CHECK_FALSE(c.require_justification);
  REQUIRE(c.regions.size() == 1);
  CHECK(c.regions[0].code == "ANT");
  CHECK(c.partners.empty());
  CHECK(c.professionals.empty());
}

TEST_CASE("the example configuration loads", "[config]") {
  const Config c = load_config(std::string(IFG_EXAMPLES) + "/flanders.toml");
  CHECK(c.regions.size() == 5);
  CHECK_FALSE(c.partners.empty());
  CHECK_FALSE(c.professionals.empty());
  // The illustrative instrument of issue 14, marked as not a validated tool.
  REQUIRE(c.instruments.size() == 1);
  CHECK(c.instruments[0].id == "rc-demo");
  CHECK_THAT(c.instruments[0].name, Contains("not a validated tool"));
  CHECK(c.instruments[0].threshold == 10);
  CHECK(c.instruments[0].items.size() == 7);
  CHECK(c.instruments[0].applies_to == std::vector<PersonRole>{PersonRole::kVictim});
}

TEST_CASE("a TOML syntax error names file, line and column", "[config][bad]") {
  const std::string path = kDir + "bad_syntax.toml";
  const std::string msg = config_error(path);
  INFO(msg);
  CHECK_THAT(msg, Contains(at(path, 3)));
  CHECK_THAT(msg, Contains("TOML"));
}

TEST_CASE("a missing configuration file is a configuration error", "[config][bad]") {
  const std::string path = kDir + "no-such-config.toml";
  const std::string msg = config_error(path);
  INFO(msg);
  CHECK_THAT(msg, Contains(path));
}

TEST_CASE("a folder or a device named as the configuration is an error, not an empty one",
          "[config][bad]") {
  // toml++ reads a folder as an empty file: "0 regions" from a mistyped path.
  for (const std::string& path : {kDir.substr(0, kDir.size() - 1), std::string("/dev/null")}) {
    const std::string msg = config_error(path);
    INFO(msg);
    CHECK_THAT(msg, Contains(path + ": the configuration file is a"));
  }
}

TEST_CASE("unknown keys are errors, with a suggestion", "[config][bad]") {
  SECTION("at top level") {
    const std::string path = kDir + "unknown_top_key.toml";
    const std::string msg = config_error(path);
    INFO(msg);
    CHECK_THAT(msg, Contains(at(path, 5)));
    CHECK_THAT(msg, Contains("screenings"));
    CHECK_THAT(msg, Contains("did you mean \"screening\""));
  }
  SECTION("in [screening]") {
    const std::string path = kDir + "unknown_screening_key.toml";
    const std::string msg = config_error(path);
    INFO(msg);
    CHECK_THAT(msg, Contains(at(path, 3)));
    CHECK_THAT(msg, Contains("screening.min_life_domain"));
    CHECK_THAT(msg, Contains("did you mean \"min_life_domains\""));
  }
  SECTION("in a [[region]]") {
    const std::string path = kDir + "unknown_region_key.toml";
    const std::string msg = config_error(path);
    INFO(msg);
    CHECK_THAT(msg, Contains(at(path, 4)));
    CHECK_THAT(msg, Contains("region[0].veilighuis"));
    CHECK_THAT(msg, Contains("did you mean \"veilig_huis\""));
  }
}

TEST_CASE("bad values name file, line and key", "[config][bad]") {
  struct Case {
    std::string file;
    int line;
    std::string key;
    std::string text;  ///< another part of the message
  };
  const std::vector<Case> cases{
      {"bad_sector.toml", 3, "screening.care_sectors", "schools"},
      {"min_zero.toml", 4, "screening.min_life_domains", "1"},
      {"region_code.toml", 6, "region[1].code", "letters"},
      {"duplicate_region.toml", 7, "region[1].code", "ANT"},
      {"duplicate_partner.toml", 8, "partner[1].id", "caw-antwerpen"},
      {"duplicate_professional.toml", 14, "professional[2].id", "coord.ant"},
      {"unknown_role.toml", 5, "professional[0].roles", "boss"},
      {"bad_partner_kind.toml", 9, "partner[1].kind", "school"},
      {"bad_active.toml", 6, "professional[0].active", "true or false"},
      {"bad_audit.toml", 2, "audit.require_justification", "true or false"},
      {"instrument_dup_item.toml", 10, "instrument[0].item[1].id", "defined twice"},
      {"instrument_no_threshold.toml", 1, "instrument[0].threshold", "required"},
      {"instrument_bad_role.toml", 4, "instrument[0].applies_to", "neighbour"},
      {"instrument_weight.toml", 9, "instrument[0].item[0].weight", "1 to 100"},
  };
  for (const auto& c : cases) {
    const std::string path = kDir + c.file;
    const std::string msg = config_error(path);
    INFO(c.file << ": " << msg);
    CHECK_THAT(msg, Contains(at(path, c.line)));
    CHECK_THAT(msg, Contains(c.key));
    CHECK_THAT(msg, Contains(c.text));
  }
}

TEST_CASE("a missing required key names the table it is missing from", "[config][bad]") {
  const std::string path = kDir + "missing_key.toml";
  const std::string msg = config_error(path);
  INFO(msg);
  CHECK_THAT(msg, Contains(at(path, 5)));  // the [[partner]] header
  CHECK_THAT(msg, Contains("partner[0].name"));
  CHECK_THAT(msg, Contains("required"));
}

TEST_CASE("the rule-set version depends on the parameters, not their order", "[config][ruleset]") {
  ScreeningParams a;
  a.min_life_domains = 2;
  a.care_sectors = {Sector::kWelfare, Sector::kHealth};
  a.security_sectors = {Sector::kPolice, Sector::kJustice};
  ScreeningParams b;
  b.min_life_domains = 2;
  b.care_sectors = {Sector::kHealth, Sector::kWelfare};
  b.security_sectors = {Sector::kJustice, Sector::kPolice};

  const std::string version = ruleset_version(a);
  CHECK(version.size() == 8);
  CHECK(version.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(ruleset_version(b) == version);
  CHECK(ruleset_version(ScreeningParams{}) == version);  // the defaults are the same set

  ScreeningParams more = a;
  more.min_life_domains = 3;
  CHECK(ruleset_version(more) != version);
  ScreeningParams moved = a;  // health counted as security instead of care
  moved.care_sectors = {Sector::kWelfare};
  moved.security_sectors = {Sector::kHealth, Sector::kPolice, Sector::kJustice};
  CHECK(ruleset_version(moved) != version);

  // Loaded from files that list the same parameters in another order.
  const Config good = load_config(kDir + "good.toml");
  const Config reordered = load_config(kDir + "reordered.toml");
  CHECK(ruleset_version(good.screening) == ruleset_version(reordered.screening));
  CHECK(ruleset_version(good.screening) != version);
}

TEST_CASE("[ui] names a language and a CSV dialect", "[config][language]") {
  const Config c = load_config(kDir + "ui.toml");
  CHECK(c.ui.language == "nl");  // a locale name is read as its language
  CHECK(c.ui.csv_dialect == "excel");
  const Config none = load_config(kDir + "minimal.toml");
  CHECK(none.ui.language.empty());
  CHECK(none.ui.csv_dialect.empty());
}

TEST_CASE("[ui] refuses a language or dialect ifg does not know", "[config][bad][language]") {
  const std::string lang = kDir + "ui_bad_language.toml";
  const std::string msg = config_error(lang);
  INFO(msg);
  CHECK_THAT(msg, Contains(at(lang, 6)));
  CHECK_THAT(msg, Contains("ui.language"));
  CHECK_THAT(msg, Contains("nl or en"));
  const std::string dialect = kDir + "ui_bad_dialect.toml";
  const std::string msg2 = config_error(dialect);
  INFO(msg2);
  CHECK_THAT(msg2, Contains(at(dialect, 6)));
  CHECK_THAT(msg2, Contains("rfc4180 or excel"));
}

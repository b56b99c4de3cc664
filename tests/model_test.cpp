// SPDX-License-Identifier: EUPL-1.2
// Dates, the Brussels clock, enumerations with their Dutch aliases, life domains.
#include "ifg/model.h"

#include <cstdlib>
#include <ctime>

#include "catch.hpp"
#include "ifg/i18n.h"
#include "ifg/screening.h"
#include "ifg/workflow.h"

using namespace ifg;

TEST_CASE("Date::parse accepts only real YYYY-MM-DD dates", "[model]") {
  CHECK(Date::parse("2026-11-02") == Date{2026, 11, 2});
  CHECK(Date::parse("2024-02-29") == Date{2024, 2, 29});
  CHECK_FALSE(Date::parse("2026-02-29"));
  CHECK_FALSE(Date::parse("1900-02-29"));
  CHECK(Date::parse("2000-02-29"));
  CHECK_FALSE(Date::parse("2026-13-01"));
  CHECK_FALSE(Date::parse("2026-04-31"));
  CHECK_FALSE(Date::parse("2026-4-1"));
  CHECK_FALSE(Date::parse("02-11-2026"));
  CHECK_FALSE(Date::parse("2026-11-02T10:00"));
  CHECK_FALSE(Date::parse("2026-1a-02"));
  CHECK_FALSE(Date::parse(""));
  CHECK(Date{2026, 1, 5}.to_string() == "2026-01-05");
}

TEST_CASE("days since the epoch round-trip", "[model]") {
  CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(Date{2000, 3, 1}.days_since_epoch() == 11017);
  CHECK(Date::from_days_since_epoch(-1) == Date{1969, 12, 31});
  for (std::int64_t d = -800; d < 40000; d += 97)
    CHECK(Date::from_days_since_epoch(d).days_since_epoch() == d);
}

TEST_CASE("IFG_NOW timestamps", "[model]") {
  CHECK(parse_timestamp("2026-11-28T10:00:00Z") ==
        Date{2026, 11, 28}.days_since_epoch() * 86400 + 36000);
  CHECK(parse_timestamp("2026-11-28T11:00:00+01:00") == parse_timestamp("2026-11-28T10:00:00Z"));
  CHECK(parse_timestamp("2026-11-28T08:30:00-01:30") == parse_timestamp("2026-11-28T10:00:00Z"));
  CHECK(parse_timestamp("2026-11-28") == Date{2026, 11, 28}.days_since_epoch() * 86400);
  CHECK(parse_timestamp("2026-11-28T10:00") == parse_timestamp("2026-11-28T10:00:00Z"));
  CHECK(parse_timestamp("2026-11-28T10:00:00.250Z") == parse_timestamp("2026-11-28T10:00:00Z"));
  CHECK_FALSE(parse_timestamp("2026-11-28T25:00:00Z"));
  CHECK_FALSE(parse_timestamp("yesterday"));
  CHECK_FALSE(parse_timestamp("2026-11-28T10:00:00+0100"));
  CHECK(format_timestamp(*parse_timestamp("2026-03-29T00:59:59Z")) == "2026-03-29T00:59:59Z");
}

TEST_CASE("the date in Brussels follows CET/CEST at the day boundary", "[model]") {
  // Winter: UTC+1. 23:30Z is already the next day in Brussels.
  CHECK(brussels_date(*parse_timestamp("2026-11-28T22:59:59Z")) == Date{2026, 11, 28});
  CHECK(brussels_date(*parse_timestamp("2026-11-28T23:00:00Z")) == Date{2026, 11, 29});
  // Summer: UTC+2.
  CHECK(brussels_date(*parse_timestamp("2026-07-01T21:59:59Z")) == Date{2026, 7, 1});
  CHECK(brussels_date(*parse_timestamp("2026-07-01T22:00:00Z")) == Date{2026, 7, 2});
  // New Year's Eve in UTC is already New Year in Brussels.
  CHECK(brussels_date(*parse_timestamp("2026-12-31T23:30:00Z")) == Date{2027, 1, 1});
}

TEST_CASE("brussels_date agrees with the system's tzdata", "[model]") {
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  setenv("TZ", "Europe/Brussels", 1);
  tzset();
  std::tm probe{};
  const std::time_t july = 1782000000;  // 2026-06-21, a summer date
  localtime_r(&july, &probe);
  if (probe.tm_gmtoff != 7200) {
    WARN("no tzdata for Europe/Brussels on this machine; comparison skipped");
  } else {
    // Every 37 minutes over 2025-2027, including both switches each year.
    for (std::time_t t = 1735689600; t < 1830297600; t += 37 * 60) {
      std::tm tm{};
      localtime_r(&t, &tm);
      const Date expected{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
      if (brussels_date(t) != expected) FAIL("differs at " << format_timestamp(t));
    }
  }
  if (old)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}

TEST_CASE("enumerations match codes and Dutch aliases after normalisation", "[model]") {
  CHECK(normalize_token("  Heel Onveilig ") == "heel_onveilig");
  CHECK(normalize_token("no-perspective") == "no_perspective");
  CHECK(parse_enum<Safety>("heel onveilig") == Safety::kVeryUnsafe);
  CHECK(parse_enum<Safety>("Zeer-Onveilig") == Safety::kVeryUnsafe);
  CHECK(parse_enum<Safety>("VERY_UNSAFE") == Safety::kVeryUnsafe);
  CHECK(parse_enum<Safety>("onbekend") == Safety::kUnknown);
  CHECK_FALSE(parse_enum<Safety>("dangerous"));
  CHECK(parse_enum<ReferrerKind>("hulpverlener") == ReferrerKind::kProfessional);
  CHECK(parse_enum<ReferrerKind>("burger") == ReferrerKind::kCitizen);
  CHECK(parse_enum<Channel>("geen") == Channel::kNone);
  CHECK(parse_enum<Channel>("Politie") == Channel::kPolitie);
  CHECK_FALSE(parse_enum<Channel>("network"));  // a partner kind, not a channel
  CHECK(parse_enum<PartnerKind>("network") == PartnerKind::kNetwork);
  CHECK(parse_enum<HelpStatus>("loopt vast") == HelpStatus::kStuck);
  CHECK(parse_enum<HelpStatus>("uitzichtloos") == HelpStatus::kNoPerspective);
  CHECK(parse_enum<MeasuresStatus>("uitzichtloos") == MeasuresStatus::kNoPerspective);
  CHECK(parse_enum<MeasuresStatus>("moeizaam") == MeasuresStatus::kDifficult);
  CHECK_FALSE(parse_enum<MeasuresStatus>("stuck"));
  CHECK(parse_enum<Sector>("welzijn") == Sector::kWelfare);
  CHECK(parse_enum<Sector>("justitie") == Sector::kJustice);
  CHECK(parse_enum<PersonRole>("pleger") == PersonRole::kPerpetrator);
  CHECK(parse_enum<PersonRole>("kind") == PersonRole::kChild);
  CHECK(to_string(Safety::kVeryUnsafe) == "very_unsafe");
  CHECK(to_string(Outcome::kNotEligible) == "not_eligible");
  CHECK(to_string(Verdict::kUnknown) == "unknown");
  CHECK(enum_codes<Safety>() == "very_unsafe, unsafe, safe, unknown");
}

TEST_CASE("life domains: codes, aliases and configured extras", "[model]") {
  const std::vector<std::string> none;
  CHECK(parse_life_domain("huisvesting", none) == "housing");
  CHECK(parse_life_domain("financiën", none) == "finances");
  CHECK(parse_life_domain("Financien", none) == "finances");
  CHECK(parse_life_domain("werk onderwijs", none) == "work_education");
  CHECK(parse_life_domain("Substance-Use", none) == "substance_use");
  CHECK_FALSE(parse_life_domain("gambling", none));
  CHECK(parse_life_domain("Gambling", {"gambling"}) == "gambling");
  CHECK(default_life_domains().size() == 9);
}

TEST_CASE("Date::parse_dmy reads Belgian d/m/yyyy dates", "[model][language]") {
  CHECK(Date::parse_dmy("28/11/2026") == Date{2026, 11, 28});
  CHECK(Date::parse_dmy("1/2/2027") == Date{2027, 2, 1});
  CHECK(Date::parse_dmy("01/02/2027") == Date{2027, 2, 1});
  CHECK_FALSE(Date::parse_dmy("29/2/2027"));  // not a leap year
  CHECK(Date::parse_dmy("29/2/2028") == Date{2028, 2, 29});
  CHECK_FALSE(Date::parse_dmy("11/28/2026"));  // no month 28: not read as American
  CHECK_FALSE(Date::parse_dmy("1/2/27"));
  CHECK_FALSE(Date::parse_dmy("2026-11-28"));
  CHECK_FALSE(Date::parse_dmy("/11/2026"));
  CHECK_FALSE(Date::parse_dmy("123/1/2026"));
}

TEST_CASE("local time text is Brussels time in the reader's language", "[model][language]") {
  const auto winter = *parse_timestamp("2026-11-28T10:00:00Z");
  const auto summer = *parse_timestamp("2026-07-01T22:30:00Z");
  const auto before_switch = *parse_timestamp("2026-03-29T00:59:59Z");
  const auto after_switch = *parse_timestamp("2026-03-29T01:00:00Z");
  CHECK(local_time_text(winter) == "2026-11-28 11:00 +01:00");
  CHECK(local_time_text(summer) == "2026-07-02 00:30 +02:00");
  CHECK(local_time_text(before_switch) == "2026-03-29 01:59 +01:00");
  CHECK(local_time_text(after_switch) == "2026-03-29 03:00 +02:00");
  CHECK(local_time_text(std::string_view("2026-11-28T10:00:00Z")) == "2026-11-28 11:00 +01:00");
  CHECK(local_time_text(std::string_view("not a moment")) == "not a moment");
  CHECK(local_time_text(std::string_view("2026-11-28")) == "2026-11-28");
  set_language(Language::kDutch);
  CHECK(local_time_text(winter) == "28/11/2026 11:00");
  CHECK(local_time_text(summer) == "02/07/2026 00:30");
  set_language(Language::kEnglish);
}

TEST_CASE("languages are named as locales and people name them", "[model][language]") {
  CHECK(parse_language("nl") == Language::kDutch);
  CHECK(parse_language("nl_BE.UTF-8") == Language::kDutch);
  CHECK(parse_language("nl-BE") == Language::kDutch);
  CHECK(parse_language("Nederlands") == Language::kDutch);
  CHECK(parse_language("en_GB.UTF-8") == Language::kEnglish);
  CHECK(parse_language("C") == Language::kEnglish);
  CHECK(parse_language("C.UTF-8") == Language::kEnglish);
  CHECK_FALSE(parse_language("fr_BE.UTF-8"));
  CHECK_FALSE(parse_language(""));
}

TEST_CASE("Dutch values people type are read as their codes", "[model][language]") {
  CHECK(parse_enum<ActionStatus>("lopend") == ActionStatus::kInProgress);
  CHECK(parse_enum<ActionStatus>("Klaar") == ActionStatus::kDone);
  CHECK(parse_enum<ActionStatus>("geannuleerd") == ActionStatus::kCancelled);
  CHECK(parse_enum<ClosureReason>("doelen bereikt") == ClosureReason::kGoalsReached);
  CHECK(parse_enum<Outcome>("niet ontvankelijk") == Outcome::kNotEligible);
  CHECK(parse_enum<CaseStatus>("afgesloten") == CaseStatus::kClosed);
  CHECK(parse_enum<Role>("casusregisseur") == Role::kDirector);
  CHECK(enum_codes<ActionStatus>() == "open, in_progress, done, cancelled");
  set_language(Language::kDutch);
  CHECK(enum_codes<ActionStatus>() ==
        "open, in_progress (lopend), done (klaar), cancelled (geannuleerd)");
  set_language(Language::kEnglish);
}

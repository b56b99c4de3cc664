// SPDX-License-Identifier: EUPL-1.2
// The domain model: plain value types and enumerations, and their parsing.
// No I/O happens here. See docs/screening.md and docs/formats.md.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/export.h"

namespace ifg {

// ---------------------------------------------------------------------------
// Dates and time

/// A calendar date of the proleptic Gregorian calendar. Value type.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;

  /// "YYYY-MM-DD".
  IFG_EXPORT std::string to_string() const;
  /// Parses "YYYY-MM-DD"; std::nullopt unless it is exactly that form and a real date
  /// (`Date::parse("2026-02-29")` is nullopt).
  IFG_EXPORT static std::optional<Date> parse(std::string_view text);
  /// Parses a Belgian "d/m/yyyy" or "dd/mm/yyyy" (as people type dates and Excel
  /// writes them in a Belgian locale); std::nullopt unless a real date.
  IFG_EXPORT static std::optional<Date> parse_dmy(std::string_view text);
  /// Days since 1970-01-01 (negative before).
  IFG_EXPORT std::int64_t days_since_epoch() const;
  IFG_EXPORT static Date from_days_since_epoch(std::int64_t days);
};

/// Seconds since 1970-01-01T00:00:00Z.
using Timestamp = std::int64_t;

/// The calendar date in Europe/Brussels (CET/CEST, EU summer-time rule) at `t`.
IFG_EXPORT Date brussels_date(Timestamp t);
/// The offset of Europe/Brussels from UTC at `t`, in seconds (3600 or 7200).
IFG_EXPORT int brussels_offset(Timestamp t);
/// `t` as people read it, in Europe/Brussels time: "28/11/2026 11:00" in Dutch,
/// "2026-11-28 11:00 +01:00" in English (ifg/i18n.h). JSON keeps UTC.
IFG_EXPORT std::string local_time_text(Timestamp t);
/// local_time_text() of an ISO moment as JSON gives it ("2026-11-28T10:00:00Z");
/// any other text as it is.
IFG_EXPORT std::string local_time_text(std::string_view iso);
/// Parses an ISO 8601 moment as `IFG_NOW` takes it: "2026-11-28", "2026-11-28T10:00",
/// "2026-11-28T10:00:00Z", "2026-11-28T11:00:00+01:00". Without an offset the time is UTC.
IFG_EXPORT std::optional<Timestamp> parse_timestamp(std::string_view text);
/// "2026-11-28T10:00:00Z".
IFG_EXPORT std::string format_timestamp(Timestamp t);

// ---------------------------------------------------------------------------
// Enumerations. Each has its English code (what output and the database use)
// and the Dutch aliases of docs/formats.md. Parsing trims, lower-cases and turns
// spaces and hyphens into '_' before matching.

enum class ReferrerKind { kProfessional, kCitizen };
enum class Channel { kVk, kCaw, kOpgroeien, kGgz, kJustitiehuis, kPolitie, kParket, kNone };
enum class PartnerKind { kVk, kCaw, kOpgroeien, kGgz, kJustitiehuis, kPolitie, kParket, kNetwork };
enum class Safety { kVeryUnsafe, kUnsafe, kSafe, kUnknown };
enum class HelpStatus { kStuck, kNoPerspective, kProgressing, kNone, kUnknown };
enum class MeasuresStatus { kDifficult, kNoPerspective, kProgressing, kNone, kUnknown };
enum class Sector { kWelfare, kHealth, kPolice, kJustice };
enum class PersonRole { kVictim, kPerpetrator, kChild, kOther };
enum class Gender { kF, kM, kX, kUnknown };
/// An answer to one item of a risk assessment instrument (issue 14).
enum class Answer { kYes, kNo, kUnknown };
/// The level of a risk assessment: `high` at or above the instrument's threshold.
enum class RiskLevel { kStandard, kHigh };
enum class Role { kCoordinator, kDirector, kMember, kAnalyst };
enum class CaseStatus { kRegistered, kScreened, kAccepted, kAnalysis, kDirected, kActive, kClosed };

/// The outcome of screening one record. The first four are the outcomes of a valid
/// referral (docs/screening.md); `invalid`, `duplicate` and `skipped` (a record of a
/// region the batch does not handle, never stored) exist only for batch records.
enum class Outcome {
  kEligible,
  kIncomplete,
  kNotEligible,
  kInadmissible,
  kInvalid,
  kDuplicate,
  kSkipped
};
inline constexpr int kOutcomeCount = 7;

/// The English code of a value: `to_string(Safety::kVeryUnsafe) == "very_unsafe"`.
IFG_EXPORT std::string_view to_string(ReferrerKind v);
IFG_EXPORT std::string_view to_string(Channel v);
IFG_EXPORT std::string_view to_string(PartnerKind v);
IFG_EXPORT std::string_view to_string(Safety v);
IFG_EXPORT std::string_view to_string(HelpStatus v);
IFG_EXPORT std::string_view to_string(MeasuresStatus v);
IFG_EXPORT std::string_view to_string(Sector v);
IFG_EXPORT std::string_view to_string(PersonRole v);
IFG_EXPORT std::string_view to_string(Gender v);
IFG_EXPORT std::string_view to_string(Answer v);
IFG_EXPORT std::string_view to_string(RiskLevel v);
IFG_EXPORT std::string_view to_string(Role v);
IFG_EXPORT std::string_view to_string(CaseStatus v);
IFG_EXPORT std::string_view to_string(Outcome v);

/// Parses an English code or a Dutch alias: `parse_enum<Safety>(" Heel onveilig")`
/// is `Safety::kVeryUnsafe`; std::nullopt when it is neither.
template <class E>
IFG_EXPORT std::optional<E> parse_enum(std::string_view text);

/// The English codes of E, joined by ", ", for messages that say what is allowed.
template <class E>
IFG_EXPORT std::string enum_codes();

/// Trims, lower-cases ASCII letters, and turns spaces and hyphens into '_'.
IFG_EXPORT std::string normalize_token(std::string_view text);

/// The default life-domain codes (docs/formats.md), in their order.
IFG_EXPORT const std::vector<std::string>& default_life_domains();
/// Normalises a life domain (code or Dutch alias) against the default set plus
/// `extra` codes; std::nullopt when unknown.
IFG_EXPORT std::optional<std::string> parse_life_domain(std::string_view text,
                                                        const std::vector<std::string>& extra);

// ---------------------------------------------------------------------------
// Configuration

struct Region {
  std::string code;  ///< 2-5 upper-case letters, used in case ids
  std::string name;
  std::string veilig_huis;
};

struct Partner {
  std::string id;
  PartnerKind kind = PartnerKind::kNetwork;
  std::string name;
  std::vector<std::string> regions;  ///< region codes it serves
  int line = 0;  ///< line of its entry in the configuration file (0: not from a file)
};

struct Professional {
  std::string id;
  std::string name;
  std::string partner;  ///< partner id
  std::vector<Role> roles;
  bool active = true;
  int line = 0;  ///< line of its entry in the configuration file (0: not from a file)

  IFG_EXPORT bool has_role(Role r) const;
};

/// The parameters of screening; their hash is the rule-set version.
struct ScreeningParams {
  int min_life_domains = 2;
  std::vector<Sector> care_sectors{Sector::kWelfare, Sector::kHealth};
  std::vector<Sector> security_sectors{Sector::kPolice, Sector::kJustice};
  std::vector<std::string> extra_life_domains;  ///< codes added to the default life domains
  /// How far back a repeat referral looks (issue 14). Not part of the rule-set
  /// version: a repeat never changes an outcome.
  int repeat_window_months = 12;
};

/// One item of a risk assessment instrument: answered yes, it adds its weight.
struct InstrumentItem {
  std::string id;
  std::string text;
  int weight = 1;
};

/// A risk assessment instrument of the configuration (`[[instrument]]`, issue
/// 14): items with weights, a threshold at or above which the level is high,
/// and the roles of the persons it assesses.
struct Instrument {
  std::string id;
  std::string name;
  std::vector<PersonRole> applies_to;
  int threshold = 1;
  std::vector<InstrumentItem> items;
};

/// The [ui] section of a configuration (docs/language.md): the default
/// language of messages ("nl" or "en"; empty: the environment's) and CSV
/// dialect ("rfc4180" or "excel"; empty: rfc4180). --lang, IFG_LANG and
/// --csv-dialect override them.
struct UiSettings {
  std::string language;
  std::string csv_dialect;
};

/// A configuration file's content (docs/formats.md, "The configuration file").
struct Config {
  std::string source;         ///< the file it was loaded from, for messages
  std::string source_sha256;  ///< the SHA-256 of that file, for the audit trail; empty when built
  ScreeningParams screening;
  bool require_justification = false;
  std::vector<Region> regions;
  std::vector<Partner> partners;
  std::vector<Professional> professionals;
  std::vector<Instrument> instruments;
  UiSettings ui;  ///< [ui]: how the program speaks and writes files by default
};

// ---------------------------------------------------------------------------
// Referrals

struct Referrer {
  ReferrerKind kind = ReferrerKind::kProfessional;
  std::optional<std::string> name;
  std::optional<std::string> partner;  ///< a configured partner id
};

struct Person {
  PersonRole role = PersonRole::kOther;
  std::optional<std::string> name;
  std::optional<int> birth_year;
};

/// One validated referral. Optional facts that are absent are std::nullopt or an
/// empty list: screening then judges the criteria that need them `unknown`.
/// Enumerations are normalised; life domains are codes, in input order, distinct.
struct Referral {
  std::optional<std::string> external_ref;
  std::string region;  ///< upper-case region code
  Date received;
  Referrer referrer;
  std::optional<Channel> channel;
  std::optional<Safety> safety;
  std::optional<bool> regular_cooperation_sufficient;
  std::vector<Sector> sectors_needed;
  std::vector<std::string> life_domains;
  std::optional<HelpStatus> help_status;
  std::optional<MeasuresStatus> measures_status;
  std::optional<PartnerKind> crisis_partner;
  std::vector<Person> persons;
  std::optional<std::string> summary;
};

/// One problem found in a record. `field` is the JSON path of the field
/// (`persons[0].birth_year`), or std::nullopt when the record as a whole is unreadable.
struct FieldError {
  std::optional<std::string> field;
  std::string message;
};

/// The first day a referral may have been received: `received` lies from it to
/// today (docs/workflow.md, "Dates"); an earlier one is a typing error.
inline constexpr Date kFirstReceived{2000, 1, 1};

/// What a referral is validated against: the configured regions and partners,
/// the life domains, and today's date (`received` may not lie in the future).
struct Catalog {
  std::set<std::string> regions;   ///< upper-case codes
  std::set<std::string> partners;  ///< partner ids
  std::vector<std::string> extra_life_domains;
  Date today;
};

}  // namespace ifg

// SPDX-License-Identifier: EUPL-1.2
#include "ifg/model.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <initializer_list>

#include "enum_table.h"
#include "ifg/register.h"

namespace ifg {

// ---------------------------------------------------------------------------
// Dates

namespace {

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Unix time of the last Sunday of `month` in `year`, 01:00 UTC (EU summer-time switch).
Timestamp eu_switch(int year, int month) {
  const Date last{year, month, days_in_month(year, month)};
  const std::int64_t days = last.days_since_epoch();
  const std::int64_t weekday = ((days % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4)
  return (days - weekday) * 86400 + 3600;
}

}  // namespace

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  Date d;
  if (!parse_int(text.substr(0, 4), d.year) || !parse_int(text.substr(5, 2), d.month) ||
      !parse_int(text.substr(8, 2), d.day))
    return std::nullopt;
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  return d;
}

std::int64_t Date::days_since_epoch() const {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::from_days_since_epoch(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int brussels_offset(Timestamp t) {
  const Date utc = Date::from_days_since_epoch(t >= 0 ? t / 86400 : (t - 86399) / 86400);
  const bool summer = t >= eu_switch(utc.year, 3) && t < eu_switch(utc.year, 10);
  return summer ? 7200 : 3600;
}

Date brussels_date(Timestamp t) {
  const Timestamp local = t + brussels_offset(t);
  return Date::from_days_since_epoch(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

std::string local_time_text(Timestamp t) {
  const Timestamp local = t + brussels_offset(t);
  const Date d = brussels_date(t);
  const auto of_day = static_cast<int>(((local % 86400) + 86400) % 86400);
  char buf[40];
  if (language() == Language::kDutch)
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", d.day, d.month, d.year,
                  of_day / 3600, of_day / 60 % 60);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d %+03d:00", d.year, d.month, d.day,
                  of_day / 3600, of_day / 60 % 60, brussels_offset(t) / 3600);
  return buf;
}

std::string local_time_text(std::string_view iso) {
  if (iso.size() != 20 || iso[10] != 'T' || iso.back() != 'Z') return std::string(iso);
  const auto t = parse_timestamp(iso);
  return t ? local_time_text(*t) : std::string(iso);
}

std::optional<Date> Date::parse_dmy(std::string_view text) {
  const auto a = text.find('/');
  const auto b = a == std::string_view::npos ? a : text.find('/', a + 1);
  if (b == std::string_view::npos || b - a < 2 || b - a > 3 || a < 1 || a > 2 ||
      text.size() - b != 5)
    return std::nullopt;
  const auto two = [](std::string_view s) {
    return s.size() == 1 ? "0" + std::string(s) : std::string(s);
  };
  return parse(std::string(text.substr(b + 1)) + "-" + two(text.substr(a + 1, b - a - 1)) + "-" +
               two(text.substr(0, a)));
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  const auto date = Date::parse(text.substr(0, 10));
  if (!date) return std::nullopt;
  Timestamp t = date->days_since_epoch() * 86400;
  std::string_view rest = text.substr(10);
  if (rest.empty()) return t;
  if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
  rest.remove_prefix(1);
  int hh = 0, mm = 0, ss = 0;
  if (rest.size() < 5 || rest[2] != ':' || !parse_int(rest.substr(0, 2), hh) ||
      !parse_int(rest.substr(3, 2), mm))
    return std::nullopt;
  rest.remove_prefix(5);
  if (!rest.empty() && rest[0] == ':') {
    if (rest.size() < 3 || !parse_int(rest.substr(1, 2), ss)) return std::nullopt;
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == '.') {  // fractions of a second are ignored
      rest.remove_prefix(1);
      while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') rest.remove_prefix(1);
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  t += hh * 3600 + mm * 60 + ss;
  if (rest.empty() || rest == "Z" || rest == "z") return t;
  if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (!parse_int(rest.substr(1, 2), oh) || !parse_int(rest.substr(4, 2), om) || oh > 23 ||
        om > 59)
      return std::nullopt;
    const int offset = (oh * 3600 + om * 60) * (rest[0] == '+' ? 1 : -1);
    return t - offset;
  }
  return std::nullopt;
}

std::string format_timestamp(Timestamp t) {
  const std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const auto secs = static_cast<int>(t - days * 86400);
  const Date d = Date::from_days_since_epoch(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.to_string().c_str(), secs / 3600,
                secs / 60 % 60, secs % 60);
  return buf;
}

// ---------------------------------------------------------------------------
// Enumerations

std::string normalize_token(std::string_view text) {
  std::size_t b = 0, e = text.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (b < e && space(text[b])) ++b;
  while (e > b && space(text[e - 1])) --e;
  std::string out;
  out.reserve(e - b);
  for (std::size_t i = b; i < e; ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
    out.push_back(c);
  }
  return out;
}

IFG_ENUM_TABLE(ReferrerKind,
               {ReferrerKind::kProfessional, "professional", {"professioneel", "hulpverlener"}},
               {ReferrerKind::kCitizen, "citizen", {"burger"}});
IFG_ENUM_TABLE(Channel, {Channel::kVk, "vk", {}}, {Channel::kCaw, "caw", {}},
               {Channel::kOpgroeien, "opgroeien", {}}, {Channel::kGgz, "ggz", {}},
               {Channel::kJustitiehuis, "justitiehuis", {}}, {Channel::kPolitie, "politie", {}},
               {Channel::kParket, "parket", {}}, {Channel::kNone, "none", {"geen"}});
IFG_ENUM_TABLE(PartnerKind, {PartnerKind::kVk, "vk", {}}, {PartnerKind::kCaw, "caw", {}},
               {PartnerKind::kOpgroeien, "opgroeien", {}}, {PartnerKind::kGgz, "ggz", {}},
               {PartnerKind::kJustitiehuis, "justitiehuis", {}},
               {PartnerKind::kPolitie, "politie", {}}, {PartnerKind::kParket, "parket", {}},
               {PartnerKind::kNetwork, "network", {}});
IFG_ENUM_TABLE(Safety, {Safety::kVeryUnsafe, "very_unsafe", {"heel_onveilig", "zeer_onveilig"}},
               {Safety::kUnsafe, "unsafe", {"onveilig"}}, {Safety::kSafe, "safe", {"veilig"}},
               {Safety::kUnknown, "unknown", {"onbekend"}});
IFG_ENUM_TABLE(HelpStatus, {HelpStatus::kStuck, "stuck", {"vastgelopen", "loopt_vast"}},
               {HelpStatus::kNoPerspective, "no_perspective", {"perspectiefloos", "uitzichtloos"}},
               {HelpStatus::kProgressing, "progressing", {"lopend"}},
               {HelpStatus::kNone, "none", {"geen"}},
               {HelpStatus::kUnknown, "unknown", {"onbekend"}});
IFG_ENUM_TABLE(MeasuresStatus, {MeasuresStatus::kDifficult, "difficult", {"moeizaam"}},
               {MeasuresStatus::kNoPerspective, "no_perspective", {"uitzichtloos"}},
               {MeasuresStatus::kProgressing, "progressing", {"lopend"}},
               {MeasuresStatus::kNone, "none", {"geen"}},
               {MeasuresStatus::kUnknown, "unknown", {"onbekend"}});
IFG_ENUM_TABLE(Sector, {Sector::kWelfare, "welfare", {"welzijn"}},
               {Sector::kHealth, "health", {"gezondheid"}},
               {Sector::kPolice, "police", {"politie"}},
               {Sector::kJustice, "justice", {"justitie"}});
IFG_ENUM_TABLE(PersonRole, {PersonRole::kVictim, "victim", {"slachtoffer"}},
               {PersonRole::kPerpetrator, "perpetrator", {"pleger"}},
               {PersonRole::kChild, "child", {"kind"}}, {PersonRole::kOther, "other", {"ander"}});
IFG_ENUM_TABLE(Gender, {Gender::kF, "f", {"v", "vrouw", "female"}},
               {Gender::kM, "m", {"man", "male"}}, {Gender::kX, "x", {}},
               {Gender::kUnknown, "unknown", {"onbekend"}});
IFG_ENUM_TABLE(Answer, {Answer::kYes, "yes", {"ja", "true"}}, {Answer::kNo, "no", {"nee", "false"}},
               {Answer::kUnknown, "unknown", {"onbekend"}});
IFG_ENUM_TABLE(RiskLevel, {RiskLevel::kStandard, "standard", {"standaard"}},
               {RiskLevel::kHigh, "high", {"hoog"}});
IFG_ENUM_TABLE(Role, {Role::kCoordinator, "coordinator", {"coördinator"}},
               {Role::kDirector, "director", {"casusregisseur", "regisseur"}},
               {Role::kMember, "member", {"lid"}}, {Role::kAnalyst, "analyst", {"analist"}});
IFG_ENUM_TABLE(CaseStatus, {CaseStatus::kRegistered, "registered", {"geregistreerd"}},
               {CaseStatus::kScreened, "screened", {"gescreend"}},
               {CaseStatus::kAccepted, "accepted", {"aanvaard"}},
               {CaseStatus::kAnalysis, "analysis", {"analyse"}},
               {CaseStatus::kDirected, "directed", {"met_casusregisseur"}},
               {CaseStatus::kActive, "active", {"actief"}},
               {CaseStatus::kClosed, "closed", {"afgesloten"}});
IFG_ENUM_TABLE(Outcome, {Outcome::kEligible, "eligible", {"ontvankelijk"}},
               {Outcome::kIncomplete, "incomplete", {"onvolledig"}},
               {Outcome::kNotEligible, "not_eligible", {"niet_ontvankelijk"}},
               {Outcome::kInadmissible, "inadmissible", {"onontvankelijk"}},
               {Outcome::kInvalid, "invalid", {"ongeldig"}},
               {Outcome::kDuplicate, "duplicate", {"dubbel"}},
               {Outcome::kSkipped, "skipped", {"overgeslagen"}});
IFG_ENUM_TABLE(Waiting, {Waiting::kDecision, "decision", {"beslissing"}},
               {Waiting::kMeeting, "meeting", {"casusoverleg"}},
               {Waiting::kDirector, "director", {"casusregisseur"}},
               {Waiting::kPlan, "plan", {"plan_van_aanpak"}},
               {Waiting::kActivation, "activation", {"activering"}});
IFG_ENUM_TABLE(CaseSort, {CaseSort::kReceived, "received", {"ontvangen"}},
               {CaseSort::kStatus, "status", {}},
               {CaseSort::kLastActivity, "last_activity", {"laatste_activiteit"}});

IFG_ENUM_API(ReferrerKind)
IFG_ENUM_API(Channel)
IFG_ENUM_API(PartnerKind)
IFG_ENUM_API(Safety)
IFG_ENUM_API(HelpStatus)
IFG_ENUM_API(MeasuresStatus)
IFG_ENUM_API(Sector)
IFG_ENUM_API(PersonRole)
IFG_ENUM_API(Gender)
IFG_ENUM_API(Answer)
IFG_ENUM_API(RiskLevel)
IFG_ENUM_API(Role)
IFG_ENUM_API(CaseStatus)
IFG_ENUM_API(Outcome)
IFG_ENUM_API(Waiting)
IFG_ENUM_API(CaseSort)

// ---------------------------------------------------------------------------
// Life domains

const std::vector<std::string>& default_life_domains() {
  static const std::vector<std::string> kDomains{"housing",   "finances", "social",
                                                 "mental",    "physical", "substance_use",
                                                 "parenting", "justice",  "work_education"};
  return kDomains;
}

std::optional<std::string> parse_life_domain(std::string_view text,
                                             const std::vector<std::string>& extra) {
  struct Alias {
    std::string_view alias, code;
  };
  static constexpr std::array<Alias, 10> kAliases{{{"huisvesting", "housing"},
                                                   {"financien", "finances"},
                                                   {"financiën", "finances"},
                                                   {"financiËn", "finances"},
                                                   {"sociaal", "social"},
                                                   {"psychisch", "mental"},
                                                   {"lichamelijk", "physical"},
                                                   {"middelengebruik", "substance_use"},
                                                   {"opvoeding", "parenting"},
                                                   {"justitie", "justice"}}};
  std::string token = normalize_token(text);
  if (token == "werk_onderwijs") return "work_education";
  for (const auto& a : kAliases)
    if (token == a.alias) return std::string(a.code);
  for (const auto& d : default_life_domains())
    if (token == d) return d;
  for (const auto& d : extra)
    if (token == normalize_token(d)) return normalize_token(d);
  return std::nullopt;
}

bool Professional::has_role(Role r) const {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

}  // namespace ifg

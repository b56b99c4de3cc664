// SPDX-License-Identifier: EUPL-1.2
// The referral readers (docs/formats.md, "A referral record" and "Batch files"),
// through the public API only: every input format on good input, files rejected
// as a whole (with file:line:column), bad records that are returned invalid with
// every problem and its field while the reader goes on, read_fields, and streaming.
//
// Fixtures are in tests/data/readers/; generated content (very long values,
// invalid UTF-8, 200,000 lines) is written to a temporary directory.
// All people in the fixtures are synthetic ("Person A.").
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/error.h"
#include "ifg/io.h"

using namespace ifg;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(IFG_TEST_DATA) + "/readers/";

Catalog catalog() {
  Catalog c;
  c.regions = {"ANT", "LIM"};
  c.partners = {"caw-antwerpen", "pz-antwerpen", "jh-limburg"};
  c.today = Date{2026, 11, 28};
  return c;
}

std::vector<RecordInput> read_all(const std::string& path, ReadMode mode = ReadMode::kBatch,
                                  std::optional<InputFormat> format = std::nullopt) {
  ReferralReader reader(path, format, catalog(), mode);
  std::vector<RecordInput> out;
  while (auto rec = reader.next()) out.push_back(std::move(*rec));
  return out;
}

/// A record in words, for INFO: its source, validity and errors.
std::string describe(const RecordInput& r) {
  std::string s = r.source + " (record " + std::to_string(r.record) + ", " +
                  (r.referral ? "valid" : "invalid") + ")";
  for (const auto& e : r.errors) s += "\n    " + e.field.value_or("<null>") + ": " + e.message;
  return s;
}

std::string describe(const std::vector<RecordInput>& records) {
  std::string s;
  for (const auto& r : records) s += describe(r) + "\n";
  return s;
}

/// The records by the line of their source ("path:LINE").
std::map<long, RecordInput> by_line(const std::vector<RecordInput>& records) {
  std::map<long, RecordInput> out;
  for (const auto& r : records) out[std::stol(r.source.substr(r.source.rfind(':') + 1))] = r;
  return out;
}

/// The messages of the errors of `r` with field `field` (std::nullopt: the record
/// as a whole), joined; a text saying there is none otherwise, so that a
/// CHECK_THAT(..., Contains(...)) failure shows what was found instead.
std::string message_for(const RecordInput& r, const std::optional<std::string>& field) {
  std::string out;
  for (const auto& e : r.errors)
    if (e.field == field) out += (out.empty() ? "" : " | ") + e.message;
  if (out.empty())
    out = "<no error with field " + field.value_or("<null>") + " in " + describe(r) + ">";
  return out;
}

std::multiset<std::string> fields_of(const RecordInput& r) {
  std::multiset<std::string> out;
  for (const auto& e : r.errors) out.insert(e.field.value_or("<null>"));
  return out;
}

std::set<std::string> distinct_fields_of(const RecordInput& r) {
  const auto all = fields_of(r);
  return {all.begin(), all.end()};
}

/// That a batch (simdjson, the CSV splitter) read a record as a single record
/// (nlohmann, libcsv) reads it: the same errors in the same order, the same
/// external_ref, the same referral.
void check_same_reading(const RecordInput& batch, const RecordInput& single) {
  INFO("batch: " << describe(batch) << "\nsingle: " << describe(single));
  auto errors = [](const RecordInput& r) {  // describe() without source and record number
    const std::string d = describe(r);
    return d.substr(d.find(')'));
  };
  CHECK(errors(batch) == errors(single));
  CHECK(batch.external_ref == single.external_ref);
  REQUIRE(bool(batch.referral) == bool(single.referral));
  if (batch.referral) CHECK(to_json(*batch.referral) == to_json(*single.referral));
}

/// Whether `message` holds "path:line:column:" with a column number.
bool names_position(const std::string& message, const std::string& path, long line) {
  const std::string prefix = path + ":" + std::to_string(line) + ":";
  const auto p = message.find(prefix);
  if (p == std::string::npos) return false;
  std::size_t q = p + prefix.size();
  const std::size_t digits_start = q;
  while (q < message.size() && message[q] >= '0' && message[q] <= '9') ++q;
  return q > digits_start && q < message.size() && message[q] == ':';
}

/// The message of the Error that opening `path` throws, checking it is kInvalidInput;
/// "<not rejected>" when opening succeeds.
std::string rejection(const std::string& path, ReadMode mode = ReadMode::kBatch) {
  try {
    ReferralReader reader(path, std::nullopt, catalog(), mode);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidInput);
    return e.what();
  }
  return "<not rejected>";
}

/// A scratch folder for the files of one test.
struct TempDir : test::ScratchDir {
  TempDir() : test::ScratchDir("readers-test") {}
};

std::string repeat(std::string_view unit, std::size_t n) {
  std::string s;
  s.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) s += unit;
  return s;
}

const std::string kMinimal =
    R"("region": "ANT", "received": "2026-11-02", "referrer": {"kind": "professional"})";

}  // namespace

// ===========================================================================
// Good input, format by format

TEST_CASE("JSONL: one referral per line, blank lines skipped, Dutch aliases normalised",
          "[readers][jsonl]") {
  const std::string path = kDir + "good.jsonl";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 3);

  const auto& a = records[0];
  CHECK(a.record == 1);
  CHECK(a.source == path + ":1");
  CHECK(a.errors.empty());
  CHECK(a.external_ref == "CAW-ANT-2026-0113");
  REQUIRE(a.referral);
  const Referral& r = *a.referral;
  CHECK(r.external_ref == "CAW-ANT-2026-0113");
  CHECK(r.region == "ANT");  // given as "ant"
  CHECK(r.received == Date{2026, 11, 2});
  CHECK(r.referrer.kind == ReferrerKind::kProfessional);  // "Hulpverlener"
  CHECK(r.referrer.name == "Person A.");
  CHECK(r.referrer.partner == "caw-antwerpen");
  CHECK(r.channel == Channel::kCaw);
  CHECK(r.safety == Safety::kVeryUnsafe);            // "heel onveilig"
  CHECK(r.regular_cooperation_sufficient == false);  // "nee"
  CHECK(r.sectors_needed ==
        std::vector<Sector>{Sector::kWelfare, Sector::kHealth, Sector::kPolice, Sector::kJustice});
  CHECK(r.life_domains == std::vector<std::string>{"housing", "finances", "mental"});
  CHECK(r.help_status == HelpStatus::kStuck);              // "vastgelopen"
  CHECK(r.measures_status == MeasuresStatus::kDifficult);  // "moeizaam"
  CHECK(r.crisis_partner == PartnerKind::kPolitie);
  REQUIRE(r.persons.size() == 3);
  CHECK(r.persons[0].role == PersonRole::kVictim);
  CHECK(r.persons[0].name == "Person B.");
  CHECK(r.persons[0].birth_year == 1991);
  CHECK(r.persons[1].role == PersonRole::kPerpetrator);
  CHECK(r.persons[1].name == "Person C.");
  CHECK(r.persons[1].birth_year == 1988);
  CHECK(r.persons[2].role == PersonRole::kChild);
  CHECK_FALSE(r.persons[2].name);
  CHECK(r.persons[2].birth_year == 2016);
  CHECK(r.summary == "Synthetic test referral; nothing real.");

  const auto& b = records[1];
  CHECK(b.record == 2);
  CHECK(b.source == path + ":3");
  REQUIRE(b.referral);
  CHECK(b.referral->region == "LIM");
  CHECK(b.referral->received == Date{2026, 11, 28});           // today is not the future
  CHECK(b.referral->referrer.kind == ReferrerKind::kCitizen);  // "burger"
  CHECK_FALSE(b.referral->referrer.name);
  CHECK_FALSE(b.referral->referrer.partner);
  CHECK(b.referral->regular_cooperation_sufficient == true);             // JSON 1
  CHECK(b.referral->help_status == HelpStatus::kStuck);                  // "loopt-vast"
  CHECK(b.referral->measures_status == MeasuresStatus::kNoPerspective);  // "uitzichtloos"
  CHECK_FALSE(b.referral->channel);
  CHECK_FALSE(b.referral->safety);
  CHECK_FALSE(b.referral->crisis_partner);
  CHECK(b.referral->sectors_needed.empty());
  CHECK(b.referral->life_domains.empty());
  CHECK(b.referral->persons.empty());
  CHECK_FALSE(b.referral->summary);

  const auto& c = records[2];  // after a line of blanks only
  CHECK(c.record == 3);
  CHECK(c.source == path + ":5");
  REQUIRE(c.referral);
  CHECK(c.referral->region == "ANT");  // "Ant"
  CHECK(c.referral->regular_cooperation_sufficient == true);
  CHECK(c.referral->safety == Safety::kVeryUnsafe);  // "Zeer-Onveilig"
  CHECK(c.referral->channel == Channel::kNone);      // "geen"
  CHECK(c.referral->crisis_partner == PartnerKind::kNetwork);
}

TEST_CASE(".ndjson is JSONL, and CRLF line endings are fine", "[readers][jsonl]") {
  const std::string path = kDir + "good.ndjson";
  CHECK(input_format_for_path(path) == InputFormat::kJsonl);
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 2);
  CHECK(records[0].source == path + ":1");
  CHECK(records[1].source == path + ":3");
  REQUIRE(records[0].referral);
  REQUIRE(records[1].referral);
  CHECK(records[0].referral->regular_cooperation_sufficient == false);  // JSON 0
  CHECK(records[1].referral->regular_cooperation_sufficient == true);   // "ja"
  CHECK(records[1].referral->referrer.kind == ReferrerKind::kCitizen);
}

TEST_CASE("JSON: a single object", "[readers][json]") {
  const std::string path = kDir + "single.json";
  const auto records = read_all(path, ReadMode::kSingle);
  INFO(describe(records));
  REQUIRE(records.size() == 1);
  CHECK(records[0].record == 1);
  CHECK(records[0].source == path + ":1");
  REQUIRE(records[0].referral);
  const Referral& r = *records[0].referral;
  CHECK_FALSE(r.external_ref);  // not required for a single referral
  CHECK(r.region == "ANT");
  CHECK(r.received == Date{2026, 11, 2});
  CHECK(r.referrer.name == "Person A.");
  CHECK(r.safety == Safety::kVeryUnsafe);
  CHECK(r.regular_cooperation_sufficient == false);
  CHECK(r.sectors_needed.size() == 4);
  CHECK(r.life_domains == std::vector<std::string>{"housing", "finances", "mental"});
  CHECK(r.help_status == HelpStatus::kStuck);
  CHECK(r.measures_status == MeasuresStatus::kDifficult);
  CHECK(r.crisis_partner == PartnerKind::kPolitie);
  REQUIRE(r.persons.size() == 2);
  CHECK(r.persons[1].role == PersonRole::kChild);
  CHECK(r.persons[1].birth_year == 2016);
  CHECK(r.summary == "Synthetic.");
}

TEST_CASE("JSON: an object's source line is where it starts", "[readers][json]") {
  TempDir dir;
  const std::string path = dir.write("late.json", "\n\n   {" + kMinimal + "}\n");
  const auto records = read_all(path, ReadMode::kSingle);
  INFO(describe(records));
  REQUIRE(records.size() == 1);
  CHECK(records[0].source == path + ":3");
  CHECK(records[0].referral);
}

TEST_CASE("JSON: an array of objects, each with the line where it starts", "[readers][json]") {
  const std::string path = kDir + "array.json";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 3);
  CHECK(records[0].source == path + ":2");
  CHECK(records[1].source == path + ":9");
  CHECK(records[2].source == path + ":11");
  for (long i = 0; i < 3; ++i) CHECK(records[static_cast<std::size_t>(i)].record == i + 1);
  REQUIRE(records[0].referral);
  REQUIRE(records[1].referral);
  REQUIRE(records[2].referral);
  // Brackets, braces, commas, quotes and a backslash inside a string do not
  // disturb the line count.
  CHECK(records[0].referral->referrer.name == "Person A. {with] \"odd\" chars,\\");
  CHECK(records[0].referral->life_domains == std::vector<std::string>{"housing", "social"});
  CHECK(records[1].referral->referrer.kind == ReferrerKind::kCitizen);
  CHECK(records[2].external_ref == "J-3");
  CHECK(records[2].referral->region == "ANT");
  CHECK(records[2].referral->referrer.kind == ReferrerKind::kProfessional);  // "professioneel"
  REQUIRE(records[2].referral->persons.size() == 1);
  CHECK(records[2].referral->persons[0].role == PersonRole::kOther);  // "ander"
  CHECK(records[2].referral->persons[0].birth_year == 1900);
}

TEST_CASE("JSON: an empty array holds no records", "[readers][json]") {
  TempDir dir;
  CHECK(read_all(dir.write("empty.json", "[ ]\n")).empty());
}

TEST_CASE("TOML: one referral at top level is line 1, with native dates", "[readers][toml]") {
  const std::string path = kDir + "single.toml";
  const auto records = read_all(path, ReadMode::kSingle);
  INFO(describe(records));
  REQUIRE(records.size() == 1);
  CHECK(records[0].source == path + ":1");
  REQUIRE(records[0].referral);
  const Referral& r = *records[0].referral;
  CHECK(r.region == "ANT");
  CHECK(r.received == Date{2026, 11, 2});  // a TOML local date
  CHECK(r.channel == Channel::kVk);
  CHECK(r.safety == Safety::kUnsafe);  // "onveilig"
  CHECK(r.regular_cooperation_sufficient == true);
  CHECK(r.life_domains == std::vector<std::string>{"parenting", "substance_use"});
  REQUIRE(r.persons.size() == 1);
  CHECK(r.persons[0].name == "Person A.");
  CHECK(r.persons[0].birth_year == 1991);
  CHECK(r.referrer.kind == ReferrerKind::kProfessional);
  CHECK(r.referrer.partner == "caw-antwerpen");
}

TEST_CASE("TOML: [[referral]] tables, each with the line of its header", "[readers][toml]") {
  const std::string path = kDir + "array.toml";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 2);
  CHECK(records[0].source == path + ":3");
  CHECK(records[1].source == path + ":16");
  REQUIRE(records[0].referral);
  REQUIRE(records[1].referral);
  const Referral& a = *records[0].referral;
  CHECK(a.external_ref == "T-1");
  CHECK(a.received == Date{2026, 11, 2});
  CHECK(a.help_status == HelpStatus::kStuck);                                // "loopt vast"
  CHECK(a.life_domains == std::vector<std::string>{"housing", "finances"});  // "financien"
  REQUIRE(a.persons.size() == 1);
  CHECK(a.persons[0].role == PersonRole::kVictim);
  CHECK(a.persons[0].birth_year == 1991);
  const Referral& b = *records[1].referral;
  CHECK(b.region == "LIM");
  CHECK(b.received == Date{2026, 11, 3});  // a date as a string works too
  CHECK(b.referrer.kind == ReferrerKind::kCitizen);
}

TEST_CASE("CSV with commas: quoting, a multi-line row, persons and lists", "[readers][csv]") {
  const std::string path = kDir + "comma.csv";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 3);
  CHECK(records[0].source == path + ":2");
  CHECK(records[1].source == path + ":4");  // the row after the two-line row
  CHECK(records[2].source == path + ":5");
  REQUIRE(records[0].referral);
  REQUIRE(records[1].referral);
  REQUIRE(records[2].referral);

  const Referral& a = *records[0].referral;
  CHECK(a.external_ref == "C-1");
  CHECK(a.region == "ANT");
  CHECK(a.received == Date{2026, 11, 2});
  CHECK(a.referrer.kind == ReferrerKind::kProfessional);
  CHECK(a.referrer.name == "Person A., Jr.");  // a quoted delimiter
  CHECK(a.referrer.partner == "caw-antwerpen");
  CHECK(a.channel == Channel::kCaw);
  CHECK(a.safety == Safety::kVeryUnsafe);
  CHECK(a.regular_cooperation_sufficient == false);
  CHECK(a.sectors_needed ==
        std::vector<Sector>{Sector::kWelfare, Sector::kHealth, Sector::kPolice});
  CHECK(a.life_domains == std::vector<std::string>{"housing", "finances", "mental"});
  CHECK(a.help_status == HelpStatus::kStuck);
  CHECK(a.measures_status == MeasuresStatus::kDifficult);
  CHECK(a.crisis_partner == PartnerKind::kPolitie);
  REQUIRE(a.persons.size() == 2);
  CHECK(a.persons[0].role == PersonRole::kVictim);
  CHECK(a.persons[0].name == "Person A.");
  CHECK(a.persons[0].birth_year == 1991);
  CHECK(a.persons[1].role == PersonRole::kChild);
  CHECK_FALSE(a.persons[1].name);
  CHECK(a.persons[1].birth_year == 2016);
  CHECK(a.summary == "Said \"help\", twice\nthen left");  // quote, delimiter and newline

  const Referral& b = *records[1].referral;  // every optional cell empty
  CHECK(b.region == "LIM");
  CHECK(b.referrer.kind == ReferrerKind::kCitizen);
  CHECK_FALSE(b.referrer.name);
  CHECK_FALSE(b.referrer.partner);
  CHECK_FALSE(b.channel);
  CHECK_FALSE(b.safety);
  CHECK_FALSE(b.regular_cooperation_sufficient);
  CHECK(b.sectors_needed.empty());
  CHECK(b.life_domains.empty());
  CHECK_FALSE(b.help_status);
  CHECK_FALSE(b.measures_status);
  CHECK_FALSE(b.crisis_partner);
  CHECK(b.persons.empty());
  CHECK_FALSE(b.summary);

  const Referral& c = *records[2].referral;
  CHECK(c.channel == Channel::kNone);
  CHECK(c.safety == Safety::kSafe);
  CHECK(c.regular_cooperation_sufficient == true);  // "1"
  CHECK(c.sectors_needed == std::vector<Sector>{Sector::kJustice});
  CHECK(c.help_status == HelpStatus::kProgressing);
  CHECK(c.measures_status == MeasuresStatus::kNone);
  CHECK(c.crisis_partner == PartnerKind::kParket);
  REQUIRE(c.persons.size() == 2);
  // Split at the first and the last ':': the name keeps its own colon.
  CHECK(c.persons[0].role == PersonRole::kOther);
  CHECK(c.persons[0].name == "Person D: also known as D.");
  CHECK(c.persons[0].birth_year == 1970);
  CHECK(c.persons[1].role == PersonRole::kPerpetrator);
  CHECK(c.persons[1].name == "Person C.");
  CHECK_FALSE(c.persons[1].birth_year);
  CHECK(c.summary == "plain");
}

TEST_CASE("CSV with semicolons, a UTF-8 BOM, CRLF and columns in another order", "[readers][csv]") {
  const std::string path = kDir + "semicolon.csv";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 2);
  CHECK(records[0].source == path + ":2");
  CHECK(records[1].source == path + ":4");
  REQUIRE(records[0].referral);
  REQUIRE(records[1].referral);
  const Referral& a = *records[0].referral;
  CHECK(a.external_ref == "S-1");
  CHECK(a.region == "ANT");
  CHECK(a.referrer.kind == ReferrerKind::kProfessional);
  CHECK(a.regular_cooperation_sufficient == false);
  REQUIRE(a.summary);
  CHECK_THAT(*a.summary, Catch::StartsWith("one; two"));
  CHECK_THAT(*a.summary, Catch::EndsWith("three \"quoted\""));
  REQUIRE(a.persons.size() == 2);
  CHECK(a.persons[0].name == "Person A.");
  CHECK(a.persons[1].birth_year == 2016);
  const Referral& b = *records[1].referral;
  CHECK(b.external_ref == "S-2");
  CHECK(b.region == "LIM");
  CHECK(b.regular_cooperation_sufficient == true);
  CHECK_FALSE(b.summary);
  CHECK(b.persons.empty());
}

TEST_CASE("CSV: a row's line is where it starts, across quoted line breaks and blank lines",
          "[readers][csv]") {
  TempDir dir;
  const std::string path = dir.write(
      "lines.csv",
      "external_ref,region,received,referrer_kind,summary\n"  // 1
      "\n"                                                    // 2: blank
      "L-3,ANT,2026-11-01,professional,\"two\n"               // 3
      "lines\"\n"                                             // 4
      "\n"                                                    // 5: blank after a quoted break
      "L-6,ANT,2026-11-01,professional,\n"                    // 6
      "  \t\n"                                                // 7: spaces only
      "L-8,ANT,2026-11-01,professional,\"with\n"              // 8
      "\n"                                                    // 9: blank inside the quotes
      "a blank line\"\r\n"                                    // 10
      "L-11,ANT,2026-11-01,professional,\"crlf\r\n"           // 11
      "row\"\r\n"                                             // 12
      "\r\n"                                                  // 13: blank, CRLF
      // 14: a bare CR ends a row (old Mac line ends); the next row starts on the same line
      "L-14,ANT,2026-11-01,professional,a\rL-14b,ANT,2026-11-01,professional,\"b\n"
      "c\"\n"                                     // 15
      "L-16,ANT,2026-11-01,professional,end\n");  // 16
  const auto records = read_all(path);
  INFO(describe(records));
  const std::vector<std::pair<std::string, long>> expected{
      {"L-3", 3}, {"L-6", 6}, {"L-8", 8}, {"L-11", 11}, {"L-14", 14}, {"L-14b", 14}, {"L-16", 16}};
  REQUIRE(records.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(expected[i].first);
    CHECK(records[i].external_ref == expected[i].first);
    CHECK(records[i].source == path + ":" + std::to_string(expected[i].second));
    CHECK(records[i].referral);
  }
  REQUIRE(records[0].referral);
  CHECK(records[0].referral->summary == "two\nlines");
  REQUIRE(records[2].referral);
  CHECK(records[2].referral->summary == "with\n\na blank line");
  REQUIRE(records[5].referral);
  CHECK(records[5].referral->summary == "b\nc");
}

TEST_CASE("a UTF-8 BOM is skipped in JSONL and JSON too", "[readers]") {
  TempDir dir;
  const std::string bom = "\xEF\xBB\xBF";
  const std::string jsonl =
      dir.write("bom.jsonl", bom + "{\"external_ref\": \"B-1\", " + kMinimal + "}\n");
  const std::string json =
      dir.write("bom.json", bom + "[\n{\"external_ref\": \"B-1\", " + kMinimal + "}]");
  for (const auto& path : {jsonl, json}) {
    const auto records = read_all(path);
    INFO(describe(records));
    REQUIRE(records.size() == 1);
    CHECK(records[0].referral);
  }
  CHECK(read_all(json)[0].source == json + ":2");
}

TEST_CASE("files without records", "[readers]") {
  TempDir dir;
  CHECK(read_all(dir.write("header-only.csv", "external_ref,region,received,referrer_kind\n"))
            .empty());
  CHECK(read_all(dir.write("empty.jsonl", "")).empty());
  CHECK(read_all(dir.write("blank.jsonl", "\n  \n\t\n")).empty());
  // An empty CSV file has no header: rejected.
  const std::string empty_csv = dir.write("empty.csv", "");
  CHECK_THAT(rejection(empty_csv), Contains(empty_csv + ":1"));
}

TEST_CASE("TOML: top-level keys next to [[referral]] tables reject the file",
          "[readers][toml][bad]") {
  TempDir dir;
  const std::string path = dir.write(
      "mixed.toml", "region = \"ANT\"\n\n[[referral]]\nexternal_ref = \"T-1\"\nregion = \"ANT\"\n");
  const std::string msg = rejection(path);
  INFO(msg);
  CHECK_THAT(msg, Contains(path));
  CHECK_THAT(msg, Contains("[[referral]]"));
}

TEST_CASE("TOML: an empty [[referral]] table is an invalid record", "[readers][toml][bad]") {
  TempDir dir;
  const std::string path =
      dir.write("empty-table.toml",
                "[[referral]]\nexternal_ref = \"T-1\"\nregion = \"ANT\"\nreceived = 2026-11-02\n"
                "referrer.kind = \"professional\"\n\n[[referral]]\n");
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 2);
  CHECK(records[0].referral);
  CHECK(records[1].source == path + ":7");
  CHECK_FALSE(records[1].referral);
  CHECK(fields_of(records[1]) ==
        std::multiset<std::string>{"external_ref", "region", "received", "referrer.kind"});
}

TEST_CASE("the format can be given for any file name", "[readers]") {
  TempDir dir;
  const std::string path = dir.write("referrals.txt", "{" + kMinimal + "}\n");
  CHECK_FALSE(input_format_for_path(path));
  const auto records = read_all(path, ReadMode::kSingle, InputFormat::kJsonl);
  REQUIRE(records.size() == 1);
  CHECK(records[0].referral);
  CHECK(input_format_for_path("A.JSON") == InputFormat::kJson);
  CHECK(input_format_for_path("a.toml") == InputFormat::kToml);
  CHECK(input_format_for_path("a.csv") == InputFormat::kCsv);
}

TEST_CASE("read_fields: flag-style values, repeated list keys", "[readers][fields]") {
  const FieldValues values{{"external_ref", "F-1"},
                           {"region", "lim"},
                           {"received", "2026-11-02"},
                           {"referrer.kind", "hulpverlener"},
                           {"referrer_name", "Person A."},
                           {"referrer_partner", "jh-limburg"},
                           {"safety", "heel onveilig"},
                           {"regular_cooperation_sufficient", "nee"},
                           {"life_domains", "huisvesting|financiën"},
                           {"life_domains", "psychisch"},
                           {"sectors_needed", "welzijn|politie"},
                           {"persons", "victim:Person A.:1991|child::2016"},
                           {"persons", "other::"},
                           {"channel", ""}};
  const RecordInput in = read_fields(values, catalog(), ReadMode::kBatch);
  INFO(describe(in));
  CHECK(in.source == "flags");
  CHECK(in.record == 1);
  REQUIRE(in.referral);
  const Referral& r = *in.referral;
  CHECK(r.external_ref == "F-1");
  CHECK(r.region == "LIM");
  CHECK(r.referrer.kind == ReferrerKind::kProfessional);
  CHECK(r.referrer.name == "Person A.");
  CHECK(r.referrer.partner == "jh-limburg");
  CHECK(r.safety == Safety::kVeryUnsafe);
  CHECK(r.regular_cooperation_sufficient == false);
  CHECK(r.life_domains == std::vector<std::string>{"housing", "finances", "mental"});
  CHECK(r.sectors_needed == std::vector<Sector>{Sector::kWelfare, Sector::kPolice});
  CHECK_FALSE(r.channel);  // an empty value is absent
  REQUIRE(r.persons.size() == 3);
  CHECK(r.persons[0].name == "Person A.");
  CHECK(r.persons[1].role == PersonRole::kChild);
  CHECK_FALSE(r.persons[1].name);
  CHECK(r.persons[1].birth_year == 2016);
  CHECK(r.persons[2].role == PersonRole::kOther);
  CHECK_FALSE(r.persons[2].name);
  CHECK_FALSE(r.persons[2].birth_year);

  const RecordInput named = read_fields(values, catalog(), ReadMode::kBatch, "cli");
  CHECK(named.source == "cli");
}

TEST_CASE("a referral may carry format_version 1, and no other", "[readers][format_version]") {
  TempDir dir;
  const std::string path = dir.write(
      "versioned.jsonl", "{\"format_version\": 1, " + kMinimal + "}\n{\"format_version\": null, " +
                             kMinimal + "}\n{\"format_version\": 2, " + kMinimal +
                             "}\n{\"format_version\": \"1\", " + kMinimal + "}\n");
  const auto records = read_all(path, ReadMode::kSingle);
  INFO(describe(records));
  REQUIRE(records.size() == 4);
  CHECK(records[0].referral);
  CHECK(records[1].referral);
  for (const auto& rec : {records[2], records[3]}) {
    CHECK_FALSE(rec.referral);
    CHECK(fields_of(rec) == std::multiset<std::string>{"format_version"});
    CHECK_THAT(message_for(rec, "format_version"), Contains("format_version must be 1"));
  }
  CHECK_THAT(message_for(records[2], "format_version"), Contains("not 2"));
}

TEST_CASE("read_fields: external_ref is required in batch mode only", "[readers][fields]") {
  const FieldValues values{
      {"region", "ANT"}, {"received", "2026-11-02"}, {"referrer_kind", "professional"}};
  const RecordInput single = read_fields(values, catalog(), ReadMode::kSingle);
  INFO(describe(single));
  REQUIRE(single.referral);
  CHECK_FALSE(single.referral->external_ref);

  const RecordInput batch = read_fields(values, catalog(), ReadMode::kBatch);
  INFO(describe(batch));
  CHECK_FALSE(batch.referral);
  CHECK(fields_of(batch) == std::multiset<std::string>{"external_ref"});
  CHECK_THAT(message_for(batch, "external_ref"), Contains("required"));

  FieldValues typo = values;
  typo.emplace_back("safty", "unsafe");
  const RecordInput bad = read_fields(typo, catalog(), ReadMode::kSingle);
  CHECK_FALSE(bad.referral);
  CHECK_THAT(message_for(bad, "safty"), Contains("did you mean \"safety\""));

  FieldValues no_colon = values;
  no_colon.emplace_back("persons", "victim");
  const RecordInput person = read_fields(no_colon, catalog(), ReadMode::kSingle);
  CHECK_FALSE(person.referral);
  CHECK_THAT(message_for(person, "persons[0]"), Contains("role:name:birth_year"));
}

TEST_CASE("received lies from 2000-01-01 to today, written without spaces around it",
          "[readers][fields][dates]") {
  auto received = [](const std::string& text) {
    const FieldValues values{
        {"region", "ANT"}, {"received", text}, {"referrer_kind", "professional"}};
    return read_fields(values, catalog(), ReadMode::kSingle);
  };
  REQUIRE(received("2000-01-01").referral);
  CHECK(received("2000-01-01").referral->received == Date{2000, 1, 1});
  REQUIRE(received("2026-11-28").referral);  // today (catalog())
  const std::vector<std::pair<std::string, std::string>> bad{{"1999-12-31", "before 2000-01-01"},
                                                             {"0001-01-01", "before 2000-01-01"},
                                                             {"2026-11-29", "future"},
                                                             {"9999-12-31", "future"},
                                                             {" 2026-11-02", "without spaces"},
                                                             {"2026-11-02 ", "without spaces"},
                                                             {"2026-11-02\t", "without spaces"},
                                                             {"2026-11-2", "YYYY-MM-DD"}};
  for (const auto& [text, why] : bad) {
    INFO(text);
    const RecordInput r = received(text);
    CHECK_FALSE(r.referral);
    CHECK(fields_of(r) == std::multiset<std::string>{"received"});
    CHECK_THAT(message_for(r, "received"), Contains(why));
  }
}

// ===========================================================================
// Files rejected as a whole

TEST_CASE("a JSON syntax error rejects the file with line and column", "[readers][json][bad]") {
  const std::string path = kDir + "syntax_error.json";
  const std::string msg = rejection(path);
  INFO(msg);
  CHECK(names_position(msg, path, 3));
  CHECK_THAT(msg, Contains("not valid JSON"));
  // The second ',' of `"region": "ANT",,` is at line 3, column 43.
  CHECK_THAT(msg, Contains(path + ":3:43:"));
}

TEST_CASE("a TOML syntax error rejects the file with line and column", "[readers][toml][bad]") {
  const std::string path = kDir + "syntax_error.toml";
  const std::string msg = rejection(path);
  INFO(msg);
  CHECK(names_position(msg, path, 4));
  CHECK_THAT(msg, Contains("TOML"));
}

TEST_CASE("syntax-error messages do not echo the file's text", "[readers][bad][privacy]") {
  TempDir dir;
  const std::string json_path =
      dir.write("leak.json", "{" + kMinimal + ",\n \"summary\": \"Person A. Secretname\" oops}\n");
  const std::string json_msg = rejection(json_path);
  INFO(json_msg);
  CHECK(names_position(json_msg, json_path, 2));
  CHECK_THAT(json_msg, !Contains("Secretname"));
  CHECK_THAT(json_msg, !Contains("oops"));

  const std::string toml_path = dir.write(
      "leak.toml", "region = \"ANT\"\nsummary = \"Person A. Secretname\nreceived = 2026-11-02\n");
  const std::string toml_msg = rejection(toml_path);
  INFO(toml_msg);
  CHECK(names_position(toml_msg, toml_path, 2));
  CHECK_THAT(toml_msg, !Contains("Secretname"));
}

// Found by fuzz/fuzz_jsonl (fuzz/regressions/): nlohmann throws out_of_range, not
// parse_error, for a number beyond a double, and it escaped as an internal error.
// The position is the last character of the number, as for syntax errors.
TEST_CASE("a number too large for a double is invalid input, not an internal error",
          "[readers][json][jsonl][bad][fuzz]") {
  TempDir dir;
  const std::string json_path = dir.write(
      "huge.json",
      "{" + kMinimal + ",\n \"persons\": [{\"role\": \"child\", \"birth_year\": 1e400}]}\n");
  const std::string msg = rejection(json_path);
  INFO(msg);
  CHECK_THAT(msg, Contains(json_path + ":2:50:"));
  CHECK_THAT(msg, Contains("too large"));

  const std::string jsonl_path =
      dir.write("huge.jsonl",
                "{\"external_ref\": \"H-1\", \"summary\": -1e999}\n{\"external_ref\": \"H-2\", " +
                    kMinimal + "}\n");
  const auto records = read_all(jsonl_path);
  INFO(describe(records));
  REQUIRE(records.size() == 2);
  CHECK_FALSE(records[0].referral);
  CHECK_THAT(message_for(records[0], std::nullopt), Contains("column 41") && Contains("too large"));
  CHECK(records[1].referral);
}

TEST_CASE("a CSV header with an unknown column is rejected", "[readers][csv][bad]") {
  const std::string path = kDir + "header_unknown_column.csv";
  const std::string msg = rejection(path);
  INFO(msg);
  // The character column where the fifth field, "safty", starts.
  CHECK_THAT(msg, Contains(path + ":1:44:"));
  CHECK_THAT(msg, Contains("safty"));
  CHECK_THAT(msg, Contains("did you mean \"safety\""));
}

TEST_CASE("a CSV header with a duplicated column is rejected", "[readers][csv][bad]") {
  const std::string path = kDir + "header_duplicate_column.csv";
  const std::string msg = rejection(path);
  INFO(msg);
  // The character column where the second "safety" starts.
  CHECK_THAT(msg, Contains(path + ":1:51:"));
  CHECK_THAT(msg, Contains("safety"));
  CHECK_THAT(msg, Contains("twice"));
}

TEST_CASE("a CSV header without a required column is rejected", "[readers][csv][bad]") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"header_no_region.csv", "region"},
      {"header_no_received.csv", "received"},
      {"header_no_referrer_kind.csv", "referrer_kind"},
      {"header_no_external_ref.csv", "external_ref"}};
  for (const auto& [file, column] : cases) {
    const std::string path = kDir + file;
    const std::string msg = rejection(path);
    INFO(file << ": " << msg);
    CHECK(names_position(msg, path, 1));  // file:line:column, as for every rejection
    CHECK_THAT(msg, Contains("\"" + column + "\""));
    CHECK_THAT(msg, Contains("required"));
  }
}

TEST_CASE("a CSV header without external_ref is fine for a single referral", "[readers][csv]") {
  const std::string path = kDir + "header_no_external_ref.csv";
  const auto records = read_all(path, ReadMode::kSingle);
  INFO(describe(records));
  REQUIRE(records.size() == 1);
  REQUIRE(records[0].referral);
  CHECK_FALSE(records[0].referral->external_ref);
  CHECK(records[0].source == path + ":2");
}

TEST_CASE("unreadable paths and unknown file types", "[readers][bad]") {
  try {
    ReferralReader reader(kDir + "no-such-file.jsonl", std::nullopt, catalog(), ReadMode::kBatch);
    FAIL("a missing file was opened");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidInput);
    CHECK_THAT(e.what(), Contains("no-such-file.jsonl"));
  }
  try {
    ReferralReader reader(kDir + "good.xml", std::nullopt, catalog(), ReadMode::kBatch);
    FAIL("a file of unknown type was opened");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kUsage);
    CHECK(e.hint() == Hint::kInputFormat);  // the front end says how to name the format
    CHECK_THAT(e.what(), Contains(".jsonl") && !Contains("--"));
  }
  try {
    ReferralReader reader("-", std::nullopt, catalog(), ReadMode::kBatch);
    FAIL("standard input was opened without a format");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kUsage);
    CHECK(e.hint() == Hint::kInputFormat);
    CHECK_THAT(e.what(), Contains("standard input") && !Contains("--"));
  }
}

TEST_CASE("a folder or a device named as the referral file is refused, not read as empty",
          "[readers][bad]") {
  TempDir dir;
  fs::create_directories(dir.path("batch.jsonl"));
  fs::create_directories(dir.path("one.json"));
  for (const std::string& path : {dir.path("batch.jsonl"), dir.path("one.json")}) {
    for (ReadMode mode : {ReadMode::kBatch, ReadMode::kSingle}) {
      const std::string msg = rejection(path, mode);
      CHECK_THAT(msg, Contains(path) && Contains("is a folder"));
    }
  }
  try {
    ReferralReader reader("/dev/null", InputFormat::kJsonl, catalog(), ReadMode::kBatch);
    FAIL("a device was read as a referral file");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidInput);
    CHECK_THAT(e.what(), Contains("is a device"));
  }
  // A pipe is a file to read: `screen --batch <(...)`.
  const std::string fifo = dir.path("pipe.jsonl");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer(
      [&] { std::ofstream(fifo) << "{\"external_ref\": \"P-1\", " << kMinimal << "}\n"; });
  const auto records = read_all(fifo);
  writer.join();
  REQUIRE(records.size() == 1);
  CHECK(records[0].referral);
}

TEST_CASE("JSON: a key given twice rejects the file with line, column and the key",
          "[readers][json][bad]") {
  TempDir dir;
  const std::string nested =
      dir.write("nested.json", "[\n  {\"external_ref\": \"D-1\", " + kMinimal +
                                   "},\n  {\"external_ref\": \"D-2\", " + kMinimal +
                                   ",\n   \"persons\": [{\"role\": \"victim\", \"name\": "
                                   "\"Person A.\", \"name\": \"Person B.\"}]}\n]\n");
  std::string msg = rejection(nested);
  CHECK_THAT(msg, Contains(nested + ":4:56:") && Contains("key \"name\" is given twice"));
  CHECK_THAT(msg, !Contains("Person"));
  const std::string top =
      dir.write("top.json", "{" + kMinimal + ",\n \"received\": \"2026-11-03\"}");
  msg = rejection(top, ReadMode::kSingle);
  CHECK_THAT(msg, Contains(top + ":2:2:") && Contains("key \"received\""));
  // The same key in two objects, or as a value, is no repeat.
  const std::string fine =
      dir.write("fine.json", "{" + kMinimal +
                                 R"(, "persons": [{"role": "victim", "name": "region"}, )"
                                 R"({"role": "child", "name": "received"}]})");
  const auto records = read_all(fine, ReadMode::kSingle);
  REQUIRE(records.size() == 1);
  CHECK(records[0].referral);
}

// ===========================================================================
// Bad records: each is returned invalid with its problems, and reading goes on

TEST_CASE("JSONL: bad lines are invalid records with their fields, and the batch goes on",
          "[readers][jsonl][bad]") {
  const std::string path = kDir + "bad_records.jsonl";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 21);  // 22 lines, one blank
  for (std::size_t i = 0; i < records.size(); ++i)
    CHECK(records[i].record == static_cast<long>(i) + 1);
  const auto at = by_line(records);
  CHECK(at.count(15) == 0);  // the blank line

  // The valid records around the bad ones.
  for (long line : {1L, 19L, 22L}) {
    INFO("line " << line);
    REQUIRE(at.count(line));
    CHECK(at.at(line).referral);
    CHECK(at.at(line).errors.empty());
  }
  for (const auto& [line, rec] : at) {
    if (line == 1 || line == 19 || line == 22) continue;
    INFO(describe(rec));
    CHECK_FALSE(rec.referral);
    CHECK_FALSE(rec.errors.empty());
  }

  // Not JSON: one error for the record as a whole, without echoing the line.
  CHECK(fields_of(at.at(2)) == std::multiset<std::string>{"<null>"});
  CHECK_THAT(message_for(at.at(2), std::nullopt), Contains("not valid JSON"));
  CHECK_THAT(message_for(at.at(2), std::nullopt), !Contains("Secretname"));
  // Valid JSON but not an object.
  CHECK(fields_of(at.at(3)) == std::multiset<std::string>{"<null>"});
  CHECK_THAT(message_for(at.at(3), std::nullopt), Contains("object"));
  CHECK(fields_of(at.at(20)) == std::multiset<std::string>{"<null>"});
  // Unknown keys, at top level, in referrer and in a person.
  CHECK(fields_of(at.at(4)) == std::multiset<std::string>{"safty"});
  CHECK_THAT(message_for(at.at(4), "safty"), Contains("did you mean \"safety\""));
  CHECK(fields_of(at.at(5)) == std::multiset<std::string>{"referrer.nam"});
  CHECK_THAT(message_for(at.at(5), "referrer.nam"), Contains("referrer.name"));
  CHECK(fields_of(at.at(6)) == std::multiset<std::string>{"persons[0].age"});
  CHECK_THAT(message_for(at.at(6), "persons[0].age"), Contains("key \"age\" is unknown"));
  // Unknown values of every enumeration, each with its field.
  CHECK(fields_of(at.at(7)) == std::multiset<std::string>{"safety", "channel", "help_status",
                                                          "measures_status", "crisis_partner",
                                                          "sectors_needed[1]", "life_domains[1]",
                                                          "persons[0].role"});
  CHECK_THAT(message_for(at.at(7), "safety"), Contains("very_unsafe"));
  CHECK_THAT(message_for(at.at(7), "channel"), Contains("\"fax\""));
  CHECK_THAT(message_for(at.at(7), "measures_status"), Contains("difficult"));
  CHECK_THAT(message_for(at.at(7), "crisis_partner"), Contains("network"));
  CHECK_THAT(message_for(at.at(7), "sectors_needed[1]"), Contains("education"));
  CHECK_THAT(message_for(at.at(7), "life_domains[1]"), Contains("housing"));
  CHECK_THAT(message_for(at.at(7), "persons[0].role"), Contains("victim"));
  // Dates.
  CHECK(fields_of(at.at(8)) == std::multiset<std::string>{"received"});
  CHECK_THAT(message_for(at.at(8), "received"), Contains("2026-02-30"));
  CHECK_THAT(message_for(at.at(8), "received"), Contains("YYYY-MM-DD"));
  CHECK(fields_of(at.at(9)) == std::multiset<std::string>{"received"});
  CHECK_THAT(message_for(at.at(9), "received"), Contains("future"));
  // The catalog.
  CHECK(fields_of(at.at(10)) == std::multiset<std::string>{"region"});
  CHECK_THAT(message_for(at.at(10), "region"), Contains("not configured"));
  CHECK_THAT(message_for(at.at(10), "region"), Contains("ANT"));
  CHECK(fields_of(at.at(11)) == std::multiset<std::string>{"referrer.partner"});
  CHECK_THAT(message_for(at.at(11), "referrer.partner"), Contains("not configured"));
  // Birth years.
  CHECK(fields_of(at.at(12)) == std::multiset<std::string>{"persons[1].birth_year"});
  CHECK_THAT(message_for(at.at(12), "persons[1].birth_year"), Contains("1900"));
  CHECK(fields_of(at.at(13)) == std::multiset<std::string>{"persons[0].birth_year"});
  CHECK_THAT(message_for(at.at(13), "persons[0].birth_year"), Contains("year"));
  CHECK(fields_of(at.at(21)) == std::multiset<std::string>{"persons[0].birth_year"});
  CHECK_THAT(message_for(at.at(21), "persons[0].birth_year"), Contains("2026"));
  // external_ref: missing in batch input, or with characters it may not hold.
  CHECK(fields_of(at.at(14)) == std::multiset<std::string>{"external_ref"});
  CHECK_THAT(message_for(at.at(14), "external_ref"), Contains("required"));
  CHECK_FALSE(at.at(14).external_ref);
  CHECK(fields_of(at.at(16)) == std::multiset<std::string>{"external_ref"});
  CHECK_THAT(message_for(at.at(16), "external_ref"), Contains("100"));
  // Several problems: all of them, each with its field.
  CHECK(fields_of(at.at(17)) == std::multiset<std::string>{"region", "received", "referrer.kind",
                                                           "safety", "persons[1].role",
                                                           "regular_cooperation_sufficient"});
  CHECK_THAT(message_for(at.at(17), "received"), Contains("YYYY-MM-DD"));
  CHECK_THAT(message_for(at.at(17), "regular_cooperation_sufficient"), Contains("ja"));
  CHECK(at.at(17).external_ref == "B-17");  // read although the record is invalid
  // A list given as a single value.
  CHECK(fields_of(at.at(18)) == std::multiset<std::string>{"sectors_needed"});
  CHECK_THAT(message_for(at.at(18), "sectors_needed"), Contains("list"));

  // "" and null are missing facts, not errors.
  const Referral& blank = *at.at(19).referral;
  CHECK_FALSE(blank.referrer.name);
  CHECK_FALSE(blank.referrer.partner);
  CHECK_FALSE(blank.channel);
  CHECK_FALSE(blank.safety);
  CHECK(blank.sectors_needed.empty());
  CHECK(blank.life_domains.empty());
  CHECK(blank.persons.empty());
  CHECK_FALSE(blank.summary);
  // The bounds of birth years are inclusive.
  const Referral& last = *at.at(22).referral;
  REQUIRE(last.persons.size() == 2);
  CHECK(last.persons[0].birth_year == 2026);
  CHECK(last.persons[1].birth_year == 1900);
}

TEST_CASE("JSON: bad elements of an array are invalid records, and the others are read",
          "[readers][json][bad]") {
  const std::string path = kDir + "bad_records.json";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 5);
  const auto at = by_line(records);
  REQUIRE(at.count(2));
  REQUIRE(at.count(4));
  REQUIRE(at.count(5));
  REQUIRE(at.count(7));
  REQUIRE(at.count(9));
  // Lists given as strings.
  CHECK_FALSE(at.at(2).referral);
  CHECK(fields_of(at.at(2)) == std::multiset<std::string>{"sectors_needed", "life_domains"});
  CHECK_THAT(message_for(at.at(2), "sectors_needed"), Contains("list"));
  // An element that is not an object.
  CHECK_FALSE(at.at(4).referral);
  CHECK(fields_of(at.at(4)) == std::multiset<std::string>{"<null>"});
  CHECK_THAT(message_for(at.at(4), std::nullopt), Contains("object"));
  // An object where text is expected, and the other way round.
  CHECK_FALSE(at.at(5).referral);
  CHECK(fields_of(at.at(5)) == std::multiset<std::string>{"referrer", "persons"});
  CHECK_THAT(message_for(at.at(5), "referrer"), Contains("object"));
  CHECK_THAT(message_for(at.at(5), "persons"), Contains("list"));
  // Values of the wrong JSON type.
  CHECK_FALSE(at.at(7).referral);
  CHECK(fields_of(at.at(7)) == std::multiset<std::string>{"received", "referrer.kind",
                                                          "regular_cooperation_sufficient",
                                                          "persons[0]", "summary"});
  CHECK_THAT(message_for(at.at(7), "summary"), Contains("text"));
  // "" and null are missing.
  REQUIRE(at.at(9).referral);
  CHECK_FALSE(at.at(9).referral->channel);
  CHECK_FALSE(at.at(9).referral->safety);
  CHECK_FALSE(at.at(9).referral->summary);
  REQUIRE(at.at(9).referral->persons.size() == 1);
  CHECK_FALSE(at.at(9).referral->persons[0].name);
  CHECK_FALSE(at.at(9).referral->persons[0].birth_year);
}

TEST_CASE("JSON: a single referral without external_ref is invalid in batch input",
          "[readers][json][bad]") {
  const auto records = read_all(kDir + "single.json", ReadMode::kBatch);
  REQUIRE(records.size() == 1);
  INFO(describe(records[0]));
  CHECK_FALSE(records[0].referral);
  CHECK(fields_of(records[0]) == std::multiset<std::string>{"external_ref"});
}

TEST_CASE("TOML: bad [[referral]] tables are invalid records", "[readers][toml][bad]") {
  const std::string path = kDir + "bad_records.toml";
  const auto records = read_all(path);
  INFO(describe(records));
  REQUIRE(records.size() == 4);
  const auto at = by_line(records);
  REQUIRE(at.count(1));
  REQUIRE(at.count(7));
  REQUIRE(at.count(13));
  REQUIRE(at.count(20));
  // A native date in the future.
  CHECK(fields_of(at.at(1)) == std::multiset<std::string>{"received"});
  CHECK_THAT(message_for(at.at(1), "received"), Contains("future"));
  // A date-time is not a date.
  CHECK(fields_of(at.at(7)) == std::multiset<std::string>{"received"});
  // Unknown keys in an inline referrer table and at the referral's level.
  CHECK(fields_of(at.at(13)) == std::multiset<std::string>{"referrer.nam", "safty"});
  // A birth year that is not a whole number.
  CHECK(fields_of(at.at(20)) == std::multiset<std::string>{"persons[0].birth_year"});
  for (const auto& [line, rec] : at) CHECK_FALSE(rec.referral);
}

TEST_CASE("CSV: bad rows are invalid records, and the rows after them are read",
          "[readers][csv][bad]") {
  const std::string path = kDir + "bad_records.csv";
  const auto records = read_all(path);
  INFO(describe(records));
  const auto at = by_line(records);
  // Line 9 belongs to the row of line 8, whose quoted field runs on to line 9.
  CHECK(at.size() == 10);
  for (long line : {2L, 3L, 4L, 5L, 6L, 8L, 10L, 11L, 12L, 13L}) {
    INFO("line " << line);
    CHECK(at.count(line) == 1);
  }
  for (long line : {2L, 6L, 10L, 13L}) {
    INFO("line " << line);
    REQUIRE(at.count(line));
    CHECK(at.at(line).referral);
  }
  REQUIRE(at.count(2));
  REQUIRE(at.at(2).referral);
  CHECK(at.at(2).referral->persons.size() == 1);
  REQUIRE(at.count(6));
  REQUIRE(at.at(6).referral);
  CHECK(at.at(6).referral->summary == "multi\nline");
  REQUIRE(at.count(13));
  REQUIRE(at.at(13).referral);
  CHECK(at.at(13).referral->summary == "last");

  // Too few fields.
  REQUIRE(at.count(3));
  CHECK_FALSE(at.at(3).referral);
  CHECK(fields_of(at.at(3)) == std::multiset<std::string>{"<null>"});
  CHECK_THAT(message_for(at.at(3), std::nullopt), Contains("4 fields"));
  // A person without ':'.
  REQUIRE(at.count(4));
  CHECK_FALSE(at.at(4).referral);
  CHECK(distinct_fields_of(at.at(4)).count("persons[0]") == 1);
  CHECK_THAT(message_for(at.at(4), "persons[0]"), Contains("role:name:birth_year"));
  CHECK(distinct_fields_of(at.at(4)).count("persons[1]") == 0);  // child::2016 is fine
  // A quote inside an unquoted field.
  REQUIRE(at.count(5));
  CHECK_FALSE(at.at(5).referral);
  CHECK(fields_of(at.at(5)) == std::multiset<std::string>{"<null>"});
  CHECK_THAT(message_for(at.at(5), std::nullopt), Contains("quot"));
  // A quoted field that runs on and is followed by text after its closing quote.
  REQUIRE(at.count(8));
  CHECK_FALSE(at.at(8).referral);
  CHECK(fields_of(at.at(8)) == std::multiset<std::string>{"<null>"});
  // An empty external_ref cell is a missing one.
  REQUIRE(at.count(11));
  CHECK_FALSE(at.at(11).referral);
  CHECK(fields_of(at.at(11)) == std::multiset<std::string>{"external_ref"});
  // Too many fields.
  REQUIRE(at.count(12));
  CHECK_FALSE(at.at(12).referral);
  CHECK(fields_of(at.at(12)) == std::multiset<std::string>{"<null>"});
  CHECK_THAT(message_for(at.at(12), std::nullopt), Contains("7 fields"));
}

TEST_CASE("CSV: invalid UTF-8 in a cell, and a quote left open at the end of the file",
          "[readers][csv][bad]") {
  TempDir dir;
  const std::string path =
      dir.write("utf8.csv",
                "external_ref,region,received,referrer_kind,referrer_name,persons,summary\n"
                "U-1,ANT,2026-11-01,professional,Person \xC3(,,\n"
                "U-2,ANT,2026-11-01,professional,,victim:Person \xFF:1990,\n"
                "U-3,ANT,2026-11-01,professional,,,overlong \xC0\xAF and surrogate \xED\xA0\x80\n"
                "U-4,ANT,2026-11-01,professional,Person \xC3\xA9,,ok \xF0\x9F\x98\x80\n"
                "U-5,ANT,2026-11-01,professional,,,\"never closed\n"
                "U-6,ANT,2026-11-01,professional,,,\n");
  const auto records = read_all(path);
  INFO(describe(records));
  const auto at = by_line(records);
  REQUIRE(at.count(2));
  REQUIRE(at.count(3));
  REQUIRE(at.count(4));
  REQUIRE(at.count(5));
  REQUIRE(at.count(6));
  CHECK(fields_of(at.at(2)) == std::multiset<std::string>{"referrer.name"});
  CHECK_THAT(message_for(at.at(2), "referrer.name"), Contains("UTF-8"));
  CHECK(fields_of(at.at(3)) == std::multiset<std::string>{"persons[0].name"});
  CHECK(fields_of(at.at(4)) == std::multiset<std::string>{"summary"});
  REQUIRE(at.at(5).referral);
  CHECK(at.at(5).referral->referrer.name == "Person \xC3\xA9");
  // The open quote swallows the rest of the file: one invalid record.
  CHECK_FALSE(at.at(6).referral);
  CHECK(fields_of(at.at(6)) == std::multiset<std::string>{"<null>"});
  CHECK_THAT(message_for(at.at(6), std::nullopt), Contains("not closed"));
  CHECK(records.size() == 5);
}

// ===========================================================================
// Lengths are counted in code points; free text is not echoed

TEST_CASE("name and summary lengths count code points", "[readers][bad]") {
  const FieldValues base{
      {"region", "ANT"}, {"received", "2026-11-02"}, {"referrer_kind", "professional"}};
  auto with = [&](const std::string& key, const std::string& value) {
    FieldValues v = base;
    v.emplace_back(key, value);
    return read_fields(v, catalog(), ReadMode::kSingle);
  };
  const std::string e_acute = "\xC3\xA9";        // 2 bytes
  const std::string emoji = "\xF0\x9F\x98\x80";  // 4 bytes

  CHECK(with("referrer_name", repeat(e_acute, 200)).referral);
  CHECK(with("referrer_name", repeat(emoji, 200)).referral);
  CHECK(with("referrer_name", repeat("x", 200)).referral);
  const RecordInput long_name = with("referrer_name", repeat(e_acute, 201));
  CHECK_FALSE(long_name.referral);
  CHECK(fields_of(long_name) == std::multiset<std::string>{"referrer.name"});
  CHECK_THAT(message_for(long_name, "referrer.name"), Contains("200"));

  CHECK(with("persons", "victim:" + repeat(emoji, 200) + ":1991").referral);
  const RecordInput long_person = with("persons", "victim:" + repeat("y", 201) + ":1991");
  CHECK(fields_of(long_person) == std::multiset<std::string>{"persons[0].name"});

  CHECK(with("summary", repeat("\xC3\xAB", 10000)).referral);
  const RecordInput long_summary = with("summary", repeat("s", 10001));
  CHECK_FALSE(long_summary.referral);
  CHECK(fields_of(long_summary) == std::multiset<std::string>{"summary"});
  CHECK_THAT(message_for(long_summary, "summary"), Contains("10000"));
}

TEST_CASE("external_ref is 1 to 100 characters of [A-Za-z0-9._/-]", "[readers][bad]") {
  const FieldValues base{
      {"region", "ANT"}, {"received", "2026-11-02"}, {"referrer_kind", "professional"}};
  auto with_ref = [&](const std::string& ref) {
    FieldValues v = base;
    v.emplace_back("external_ref", ref);
    return read_fields(v, catalog(), ReadMode::kBatch);
  };
  const RecordInput ok = with_ref("Aa0._/-" + repeat("x", 93));
  INFO(describe(ok));
  REQUIRE(ok.referral);
  CHECK(ok.referral->external_ref->size() == 100);

  for (const std::string& bad : {repeat("x", 101), std::string("CAW ANT 1"), std::string("A#1"),
                                 std::string("caf\xC3\xA9"), repeat("x", 500)}) {
    const RecordInput in = with_ref(bad);
    INFO(bad.size() << " bytes: " << describe(in));
    CHECK_FALSE(in.referral);
    CHECK(fields_of(in) == std::multiset<std::string>{"external_ref"});
    // The message states the rule of the spec: at most 100 characters.
    CHECK_THAT(message_for(in, "external_ref"), Contains("100"));
  }
}

TEST_CASE("error messages do not echo names or summaries", "[readers][bad][privacy]") {
  TempDir dir;
  const std::string name = repeat("Person A. Secretname ", 10);  // 210 characters
  const std::string summary = repeat("Secretsummary ", 800);     // 11,200 characters
  const std::string path = dir.write(
      "long.jsonl",
      "{\"external_ref\": \"L-1\", " + kMinimal +
          ", \"persons\": [{\"role\": \"victim\", \"name\": \"" + name + "\"}]}\n" +
          "{\"external_ref\": \"L-2\", " + kMinimal + ", \"summary\": \"" + summary + "\"}\n" +
          "{\"external_ref\": \"L-3\", \"region\": \"ANT\", \"received\": \"2026-11-02\", "
          "\"referrer\": {\"kind\": \"professional\", \"name\": \"" +
          name +
          "\"}, "
          "\"safety\": \"" +
          name + "\"}\n");
  const auto records = read_all(path);
  REQUIRE(records.size() == 3);
  CHECK(fields_of(records[0]) == std::multiset<std::string>{"persons[0].name"});
  CHECK(fields_of(records[1]) == std::multiset<std::string>{"summary"});
  CHECK(fields_of(records[2]) == std::multiset<std::string>{"referrer.name", "safety"});
  for (const auto& rec : records) {
    CHECK_FALSE(rec.referral);
    for (const auto& e : rec.errors) {
      INFO(e.field.value_or("<null>"));
      CHECK_THAT(e.message, !Contains("Secret"));
    }
  }
}

TEST_CASE("a value that may not be shown reads as \"the ... given\" in a message",
          "[readers][bad][privacy]") {
  Catalog none = catalog();
  none.regions.clear();
  const FieldValues values{{"external_ref", "H-1"},
                           {"region", "Antwerpen stad"},
                           {"received", "2 november 2026"},
                           {"referrer_kind", "professional"},
                           {"referrer_partner", "CAW Antwerpen"},
                           {"Geheime sleutel", "x"}};
  const auto in = read_fields(values, catalog(), ReadMode::kBatch);
  CHECK(message_for(in, "region") == "the region given is not configured; use one of ANT, LIM");
  CHECK(message_for(in, "received") == "the value given is not a real date of the form YYYY-MM-DD");
  CHECK(message_for(in, "referrer.partner") ==
        "the partner given is not configured; use the id of a configured partner, or leave it "
        "out");
  CHECK_THAT(message_for(in, "Geheime sleutel"), Catch::StartsWith("the key given is unknown"));
  // Without a configuration there is no region to name.
  const auto bare = read_fields({{"region", "ANT"}}, none, ReadMode::kSingle);
  CHECK(message_for(bare, "region") ==
        "region \"ANT\" is not configured; use one of (none: no configuration is loaded)");
}

// ===========================================================================
// Streaming

// 40,000 lines keep this under 2 s in a Debug build (about 30 us a record there,
// half of it nlohmann::json's parser); the FIFO test below shows the streaming itself.
TEST_CASE("JSONL: 40,000 lines are read one record at a time", "[readers][jsonl][stream]") {
  TempDir dir;
  const std::string path = dir.path("many.jsonl");
  constexpr long kLines = 40000;
  {
    std::ofstream out(path, std::ios::binary);
    for (long i = 1; i <= kLines; ++i)
      out << "{\"external_ref\":\"R-" << i
          << "\",\"region\":\"ANT\",\"received\":\"2026-11-02\",\"referrer\":{\"kind\":"
             "\"professional\"}}\n";
  }
  const auto start = std::chrono::steady_clock::now();
  ReferralReader reader(path, std::nullopt, catalog(), ReadMode::kBatch);
  long count = 0;
  long valid = 0;
  std::string last_source;
  while (auto rec = reader.next()) {
    ++count;
    if (rec->referral) ++valid;
    if (count == kLines) last_source = rec->source;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(count == kLines);
  CHECK(valid == kLines);
  CHECK(last_source == path + ":" + std::to_string(kLines));
  if (seconds > 2.0) WARN("reading " << kLines << " JSONL lines took " << seconds << " s");
}

TEST_CASE("JSONL and CSV return a record before the rest of the input exists",
          "[readers][stream]") {
  std::signal(SIGPIPE, SIG_IGN);  // the writer must not die if the reader gives up early
  TempDir dir;
  struct Case {
    std::string name, first, rest;
  };
  const std::vector<Case> cases{
      {"stream.jsonl", "{\"external_ref\": \"P-1\", " + kMinimal + "}\n",
       "{\"external_ref\": \"P-2\", " + kMinimal + "}\n"},
      {"stream.csv",
       "external_ref,region,received,referrer_kind\nP-1,ANT,2026-11-02,professional\n",
       "P-2,ANT,2026-11-02,professional\n"}};
  for (const auto& c : cases) {
    INFO(c.name);
    const std::string path = dir.path(c.name);
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    std::mutex m;
    std::condition_variable cv;
    bool got_first = false;
    bool in_time = false;
    std::jthread writer([&] {
      std::ofstream out(path, std::ios::binary);  // waits for the reader to open the pipe
      out << c.first << std::flush;
      std::unique_lock lock(m);
      in_time = cv.wait_for(lock, std::chrono::seconds(5), [&] { return got_first; });
      lock.unlock();
      out << c.rest;
    });
    std::vector<RecordInput> records;
    {
      ReferralReader reader(path, std::nullopt, catalog(), ReadMode::kBatch);
      auto first = reader.next();
      {
        std::lock_guard lock(m);
        got_first = true;
      }
      cv.notify_all();
      if (first) records.push_back(std::move(*first));
      while (auto rec = reader.next()) records.push_back(std::move(*rec));
    }
    writer.join();
    CHECK(in_time);
    REQUIRE(records.size() == 2);
    CHECK(records[0].external_ref == "P-1");
    CHECK(records[1].external_ref == "P-2");
    CHECK(records[0].referral);
    CHECK(records[1].referral);
  }
}

TEST_CASE("JSONL in a batch (simdjson) reads every line as a single record does (nlohmann)",
          "[readers][jsonl][simdjson]") {
  // A batch reads JSONL with simdjson, and a line it does not take with
  // nlohmann; a single record is read by nlohmann alone. Both must give the
  // same referral and the same errors in the same order, on the lines where
  // the two parsers differ most.
  const std::string base =
      R"("external_ref": "EQ-1", "received": "2026-11-20", "referrer": {"kind": "professional"})";
  const std::string deep = std::string(1500, '[') + std::string(1500, ']');
  const std::vector<std::string> lines = {
      "{" + base +
          R"(, "region": "LIM", "region": "ANT", "safety": "onveilig", "safety": "heel_onveilig"})",
      "{" + base + R"(, "region": "ANT", "zeta": 1, "alpha": 2, "sefety": "x"})",
      "{" + base +
          R"(, "region": "ANT", "persons": [{"role": "victim", "birth_year": 123456789012345678901234567890}]})",
      "{" + base +
          R"(, "region": "ANT", "persons": [{"role": "kind", "birth_year": 1991.0}, "x", {"role": "ander", "birth_year": 18446744073709551615}]})",
      "{" + base + R"(, "region": "ANT", "summary": )" + deep + "}",
      "{" + base +
          R"(, "region": "ANT", "persons": [{"role": "victim", "name": "Person \u00e9\ud83d\ude00"}]})",
      "{" + base +
          R"(, "region": "ANT", "persons": [{"role": "victim", "name": "Person \ud800"}]})",
      "{" + base + ", \"region\": \"ANT\", \"summary\": \"bad \xC3\x28 byte\"}",
      "{" + base + R"(, "region": "ANT", "summary": "a \u0000 b"})",
      "{" + base +
          R"(, "region": "ANT", "regular_cooperation_sufficient": "ja", "sectors_needed": ["police", "police", 3]})",
      "{" + base +
          R"(, "region": "ANT", "regular_cooperation_sufficient": 2, "life_domains": "housing"})",
      R"([{"external_ref": "EQ-1"}])",
      "{" + base + R"(, "region": "ANT"} x)",
      "{" + base + R"(, "region": "ANT", "persons": [{"role": "victim", "birth_year": 1e400}]})",
      "{" + base +
          R"(, "region": "ANT", "persons": [{"role": "victim", "birth_year": -0, "age": 3}]})",
      R"({"external_ref": "EQ-1", "received": "2026-11-20", "referrer": {}, "region": "ANT"})",
      R"({"external_ref": "EQ-2"})",
      "{" + base +
          R"(, "region": " ant ", "channel": "Politie", "crisis_partner": null, "life_domains": []})",
      // Keys given twice: nested, spelt with an escape, on a line simdjson does not take.
      "{" + base +
          R"(, "region": "ANT", "persons": [{"role": "victim"}, {"role": "child", "birth_year": 2015, "role": "victim"}]})",
      "{" + base + R"(, "region": "ANT", "\u0072egion": "LIM"})",
      "{" + base +
          R"(, "region": "ANT", "summary": "s", "summary": "t", "persons": [{"role": "victim", "birth_year": 123456789012345678901234567890}]})",
      "{" + base + R"(, "persons": [{"role": "victim"}], "region": "ANT", "persons": []})",
  };
  TempDir dir;
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  const auto batch = read_all(dir.write("all.jsonl", all));
  REQUIRE(batch.size() == lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO("line " << i + 1);
    const auto single =
        read_all(dir.write("one" + std::to_string(i) + ".jsonl", lines[i]), ReadMode::kSingle);
    REQUIRE(single.size() == 1);
    check_same_reading(batch[i], single[0]);
  }
  // What the lines say, so that an agreement on nothing cannot pass.
  // A key given twice is the record's error, whichever parser read the line:
  // neither the first nor the last is taken.
  for (std::size_t i : {0u, 18u, 19u, 20u, 21u}) {
    INFO("line " << i + 1);
    CHECK_FALSE(batch[i].referral);
    CHECK(fields_of(batch[i]) == std::multiset<std::string>{"<null>"});
    CHECK_THAT(message_for(batch[i], std::nullopt),
               Contains("is given twice") && Contains("column"));
  }
  CHECK_THAT(message_for(batch[0], std::nullopt),
             Contains("key \"region\"") && Contains("(column 107)"));
  CHECK_THAT(message_for(batch[18], std::nullopt), Contains("key \"role\""));
  CHECK_THAT(message_for(batch[19], std::nullopt), Contains("key \"region\""));
  CHECK_THAT(message_for(batch[20], std::nullopt), Contains("key \"summary\""));
  CHECK_THAT(message_for(batch[21], std::nullopt), Contains("key \"persons\""));
  CHECK(fields_of(batch[1]) == std::multiset<std::string>{"alpha", "sefety", "zeta"});
  CHECK(batch[1].errors[0].field == "alpha");
  CHECK(fields_of(batch[2]) == std::multiset<std::string>{"persons[0].birth_year"});
  CHECK(fields_of(batch[3]) ==
        std::multiset<std::string>{"persons[0].birth_year", "persons[1]", "persons[2].birth_year"});
  CHECK(fields_of(batch[4]) == std::multiset<std::string>{"summary"});
  REQUIRE(batch[5].referral);
  CHECK(batch[5].referral->persons.at(0).name == "Person \xC3\xA9\xF0\x9F\x98\x80");
  for (std::size_t i : {6u, 7u, 11u, 12u, 13u}) {
    INFO("line " << i + 1);
    CHECK(fields_of(batch[i]) == std::multiset<std::string>{"<null>"});
  }
  CHECK(fields_of(batch[8]) == std::multiset<std::string>{"summary"});
  CHECK(fields_of(batch[9]) == std::multiset<std::string>{"sectors_needed[2]"});
  CHECK(fields_of(batch[10]) ==
        std::multiset<std::string>{"regular_cooperation_sufficient", "life_domains"});
  CHECK(fields_of(batch[14]) ==
        std::multiset<std::string>{"persons[0].age", "persons[0].birth_year"});
  CHECK(fields_of(batch[15]) == std::multiset<std::string>{"referrer.kind"});
  REQUIRE(batch[17].referral);
  CHECK(batch[17].referral->region == "ANT");
}

TEST_CASE("CSV in a batch (JSON text read by simdjson) reads every row as a single record does",
          "[readers][csv][simdjson]") {
  // A batch writes each CSV row as JSON text for simdjson, falling back to the
  // tree for text that is not UTF-8; a single record always builds the tree.
  const std::string header =
      "external_ref,region,received,referrer_kind,referrer_name,referrer_partner,safety,"
      "sectors_needed,life_domains,persons,summary\n";
  const std::vector<std::string> rows = {
      "EQ-1,ANT,2026-11-20,professional,Person A,caw-antwerpen,onveilig,politie|welzijn,"
      "housing| |finances,victim:Person A:1990|kind::2016|ander:Person C:,\"a \"\"quoted\"\" "
      "summary, with\ta tab\"\n",
      "EQ-2,ant,2026-11-20,burger,,,heel onveilig,,,victim|pleger:Person B:19x1,\n",
      "EQ-3,ANT,2026-11-20,professional,Person \xC3\x28 bad,nobody,unsafe,,,,\n",
      "EQ-4,XYZ,2026-13-01,,,,,x|y,parenting,child:Person D:2030,\"line\none\"\n",
      "EQ-5,ANT,2026-11-20,professional,,,,,,:Person E:1990|victim:a:b:1991,\n",
      "EQ 6,ANT,2026-11-20,professional,,pz-antwerpen,safe,police,housing|housing,,\n",
  };
  TempDir dir;
  std::string all = header;
  for (const auto& r : rows) all += r;
  const auto batch = read_all(dir.write("all.csv", all));
  REQUIRE(batch.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i + 1);
    const auto single = read_all(dir.write("one" + std::to_string(i) + ".csv", header + rows[i]),
                                 ReadMode::kSingle);
    REQUIRE(single.size() == 1);
    check_same_reading(batch[i], single[0]);
  }
  // What the rows say, so that an agreement on nothing cannot pass.
  REQUIRE(batch[0].referral);
  CHECK(batch[0].referral->persons.size() == 3);
  CHECK(batch[0].referral->summary == "a \"quoted\" summary, with\ta tab");
  CHECK(batch[0].referral->referrer.partner == "caw-antwerpen");
  CHECK(fields_of(batch[1]) == std::multiset<std::string>{"persons[0]", "persons[1].birth_year"});
  CHECK(distinct_fields_of(batch[2]).count("referrer.name"));
  CHECK(distinct_fields_of(batch[2]).count("referrer.partner"));
  CHECK(distinct_fields_of(batch[3]) ==
        std::set<std::string>{"region", "received", "referrer.kind", "sectors_needed[0]",
                              "sectors_needed[1]", "persons[0].birth_year"});
  CHECK(distinct_fields_of(batch[4]).count("persons[0].role"));
  CHECK(distinct_fields_of(batch[5]) == std::set<std::string>{"external_ref"});
}

TEST_CASE("CSV in a batch splits plain rows itself as libcsv does, on 3,000 random rows",
          "[readers][csv][simdjson]") {
  // A batch splits a plain row without libcsv; a single record always uses
  // libcsv. Random rows of quotes, spaces, tabs, delimiters, CRs, line feeds
  // in quoted fields and stray quotes must give the same records (or the same
  // errors) both ways. The summary column takes the random text.
  std::mt19937 rng(20261202);
  const std::vector<std::string> bits = {"a",  "b c", " ",        "\t", ",", "\"",    "\"\"",
                                         "\r", "x;y", "\xC3\xA9", "|",  ":", "victim"};
  auto random_text = [&] {
    std::string t;
    for (int n = std::uniform_int_distribution<int>(0, 6)(rng); n > 0; --n)
      t += bits[std::uniform_int_distribution<std::size_t>(0, bits.size() - 1)(rng)];
    return t;
  };
  auto random_field = [&] {
    std::string t = random_text();
    switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
      case 0: {  // quoted properly, perhaps with a line feed and spaces around
        std::string q;
        for (char c : t + (rng() % 4 == 0 ? "\nmore" : ""))
          q += c == '"' ? "\"\"" : std::string(1, c);
        return std::string(rng() % 2 ? " " : "") + "\"" + q + "\"" + (rng() % 2 ? "\t" : "");
      }
      case 1:
        return "\"" + t;  // a quote never closed on this line
      default:
        return t;  // as it is: may hold stray quotes, delimiters, CRs
    }
  };
  std::string csv = "external_ref,region,received,referrer_kind,safety,summary\n";
  for (int i = 0; i < 3000; ++i)
    csv += "R-" + std::to_string(i) + ",ANT,2026-11-20,professional," +
           (rng() % 3 ? "unsafe" : random_field()) + "," + random_field() + "\n";
  TempDir dir;
  const std::string path = dir.write("random.csv", csv);
  const auto batch = read_all(path);
  const auto single = read_all(path, ReadMode::kSingle);
  REQUIRE(batch.size() == single.size());
  std::size_t valid = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    check_same_reading(batch[i], single[i]);
    if (batch[i].referral) ++valid;
  }
  CHECK(valid > 300);                // many rows are read whole,
  CHECK(valid < batch.size() - 30);  // and many are not
}

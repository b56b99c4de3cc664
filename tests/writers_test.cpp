// SPDX-License-Identifier: EUPL-1.2
// The screening-result writers: the JSON object of docs/formats.md, the batch
// JSON wrapper with its summary, JSONL, CSV columns and quoting, and text.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "catch.hpp"
#include "ifg/io.h"

using namespace ifg;
using nlohmann::json;

namespace {

ScreenResult screened() {
  ScreenResult r;
  r.record = 1;
  r.source = "referrals.csv:2";
  r.external_ref = "CAW-ANT-2026-0113";
  r.case_id = "ANT-2026-0001";
  r.outcome = Outcome::kEligible;
  r.ruleset = "8298aa8f";
  for (Criterion c : all_criteria())
    r.criteria.push_back({c, Verdict::kPass, "because, \"quoted\""});
  r.warnings.push_back({"no_crisis_partner", "a message"});
  return r;
}

ScreenResult invalid() {
  ScreenResult r;
  r.record = 2;
  r.source = "referrals.csv:3";
  r.outcome = Outcome::kInvalid;
  r.errors.push_back({"safety", "\"dangerous\" is not a known safety"});
  r.errors.push_back({std::nullopt, "the row has 3 fields"});
  return r;
}

std::string write_all(OutputFormat f, bool batch, const std::vector<ScreenResult>& results,
                      std::optional<BatchSummary> summary = std::nullopt) {
  std::ostringstream out;
  ResultWriter w(out, f, batch);
  w.begin();
  for (const auto& r : results) w.write(r);
  w.end(summary);
  return out.str();
}

}  // namespace

TEST_CASE("a result's JSON object has the keys of the contract, in order", "[writers]") {
  const json j = json::parse(to_json(screened()));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  // nlohmann::json sorts keys; the order on the wire is checked below.
  CHECK(keys.size() == 11);
  const std::string text = to_json(screened());
  CHECK(text.rfind("{\"format_version\":1,\"record\":", 0) == 0);  // the first key, one constant
  CHECK(j["format_version"] == kFormatVersion);
  CHECK(text.find("\"record\"") < text.find("\"source\""));
  CHECK(text.find("\"case\"") < text.find("\"outcome\""));
  CHECK(text.find("\"criteria\"") < text.find("\"warnings\""));
  CHECK(text.find("\"errors\"") < text.find("\"repeat\""));
  CHECK(j["repeat"].is_null());
  CHECK(j["record"] == 1);
  CHECK(j["case"] == "ANT-2026-0001");
  CHECK(j["outcome"] == "eligible");
  REQUIRE(j["criteria"].size() == 7);
  CHECK(j["criteria"][0] == json{{"id", "professional_referrer"},
                                 {"verdict", "pass"},
                                 {"reason", "because, \"quoted\""}});
  CHECK(j["criteria"][6]["id"] == "help_stuck");
  CHECK(j["warnings"][0] ==
        json{{"code", "no_crisis_partner"}, {"message", "a message"}, {"params", json::object()}});
  CHECK(j["errors"] == json::array());

  const json bad = json::parse(to_json(invalid()));
  CHECK(bad["case"].is_null());
  CHECK(bad["ruleset"].is_null());
  CHECK(bad["external_ref"].is_null());
  CHECK(bad["criteria"] == json::array());
  CHECK(bad["errors"][0]["field"] == "safety");
  CHECK(bad["errors"][1]["field"].is_null());
}

TEST_CASE("batch JSON wraps results and the summary", "[writers]") {
  BatchSummary s;
  s.records = 2;
  s.by_outcome[static_cast<int>(Outcome::kEligible)] = 1;
  s.by_outcome[static_cast<int>(Outcome::kInvalid)] = 1;
  s.by_outcome[static_cast<int>(Outcome::kSkipped)] = 3;
  s.seconds = 0.5;
  const json j = json::parse(write_all(OutputFormat::kJson, true, {screened(), invalid()}, s));
  CHECK(j["format_version"] == kFormatVersion);  // the document's, and each result's
  REQUIRE(j["results"].size() == 2);
  CHECK(j["results"][0]["format_version"] == kFormatVersion);
  CHECK(j["results"][1]["outcome"] == "invalid");
  CHECK(j["summary"]["records"] == 2);
  CHECK(j["summary"]["per_second"] == 4);
  const json by = j["summary"]["by_outcome"];
  CHECK(by.size() == 7);
  CHECK(by["eligible"] == 1);
  CHECK(by["invalid"] == 1);
  CHECK(by["skipped"] == 3);
  CHECK(by["duplicate"] == 0);
  CHECK(by["not_eligible"] == 0);

  const json empty = json::parse(write_all(OutputFormat::kJson, true, {}, BatchSummary{}));
  CHECK(empty["results"] == json::array());
}

TEST_CASE("JSONL is one object per line", "[writers]") {
  const std::string out = write_all(OutputFormat::kJsonl, true, {screened(), invalid()});
  std::istringstream in(out);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) CHECK(json::parse(line)["record"] == ++n);
  CHECK(n == 2);
}

TEST_CASE("CSV has the contract's columns and quotes what needs it", "[writers]") {
  const std::string out = write_all(OutputFormat::kCsv, true, {screened(), invalid()});
  std::istringstream in(out);
  std::string header, row1, row2;
  std::getline(in, header);
  std::getline(in, row1);
  std::getline(in, row2);
  CHECK(header ==
        "record,source,external_ref,case,outcome,ruleset,professional_referrer,referral_channel,"
        "very_unsafe,regular_insufficient,combined_approach,multiple_domains,help_stuck,warnings,"
        "errors,repeat_of,repeat_others");
  CHECK(row1 ==
        "1,referrals.csv:2,CAW-ANT-2026-0113,ANT-2026-0001,eligible,8298aa8f,pass,pass,pass,pass,"
        "pass,pass,pass,no_crisis_partner,,,");
  CHECK(row2 ==
        "2,referrals.csv:3,,,invalid,,,,,,,,,,\"safety: \"\"dangerous\"\" is not a known "
        "safety|(record): the row has 3 fields\",,");
  CHECK(csv_cell("plain") == "plain");
  CHECK(csv_cell("a;b") == "\"a;b\"");
  CHECK(csv_cell("line\nbreak") == "\"line\nbreak\"");
}

TEST_CASE("text shows verdicts with reasons for one case and a line per batch record",
          "[writers]") {
  const std::string one = write_all(OutputFormat::kText, false, {screened()});
  CHECK_THAT(one, Catch::Contains("ANT-2026-0001"));
  CHECK_THAT(one, Catch::Contains("eligible"));
  CHECK_THAT(one, Catch::Contains("help_stuck"));
  CHECK_THAT(one, Catch::Contains("no_crisis_partner"));
  const std::string batch = write_all(OutputFormat::kText, true, {screened(), invalid()});
  CHECK_THAT(batch, Catch::Contains("safety: \"dangerous\""));
  CHECK(std::count(batch.begin(), batch.end(), '\n') == 4);  // two records, two error lines
}

TEST_CASE("output formats parse by name", "[writers]") {
  CHECK(parse_output_format("JSONL") == OutputFormat::kJsonl);
  CHECK(parse_output_format("csv") == OutputFormat::kCsv);
  CHECK_FALSE(parse_output_format("xml"));
  CHECK(input_format_for_path("a/b.NDJSON") == InputFormat::kJsonl);
  CHECK(input_format_for_path("x.toml") == InputFormat::kToml);
  CHECK_FALSE(input_format_for_path("x.txt"));
}

TEST_CASE("the JSON writer escapes quotes, backslashes and control characters", "[writers]") {
  ScreenResult r = invalid();
  const std::string hostile = "a\"b\\c\nd\te\x01f\x7f g; DROP TABLE cases; -- \xC3\xA9";
  r.errors = {{"summary", hostile}};
  r.external_ref = "ref\"x";
  const std::string text = to_json(r);
  CHECK(text.find('\n') == std::string::npos);  // one line, as JSONL needs
  const json j = json::parse(text);
  CHECK(j["errors"][0]["message"] == hostile);
  CHECK(j["external_ref"] == "ref\"x");
  CHECK(j["record"] == 2);
}

TEST_CASE("a CSV text cell that a spreadsheet would read as a formula gets a quote first",
          "[writers][csv]") {
  CHECK(csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_cell("=1+2") == "'=1+2");
  CHECK(csv_cell("+32 3 123") == "'+32 3 123");
  CHECK(csv_cell("-12") == "'-12");
  CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_cell("\t=1") == "\"'\t=1\"");
  CHECK(csv_cell("\r=1") == "'\\r=1");
  // Only the first character counts; ids, dates and codes are left as they are.
  CHECK(csv_cell("a=b") == "a=b");
  CHECK(csv_cell("ANT-2026-0001") == "ANT-2026-0001");
  CHECK(csv_cell("2026-11-02") == "2026-11-02");
  CHECK(csv_cell("") == "");
}

TEST_CASE("a CSV row neutralises the text a user typed, not the numbers ifg computed",
          "[writers][csv]") {
  ScreenResult r = screened();
  r.external_ref = "-12";
  r.source = "=cmd|' /C calc'!A0";
  const std::string csv = write_all(OutputFormat::kCsv, true, {r});
  const std::string row = csv.substr(csv.find('\n') + 1);
  CHECK(row.rfind("1,'=cmd|' /C calc'!A0,'-12,ANT-2026-0001,eligible,", 0) == 0);
}

TEST_CASE("control characters in stored text never reach a terminal raw", "[writers][controls]") {
  CHECK(printable("plain text, é") == "plain text, é");
  CHECK(printable("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(printable("bell\a cr\r lf\n tab\t nul") == "bell\\x07 cr\\r lf\\n tab\\t nul");
  CHECK(printable(std::string("nul\0!", 5)) == "nul\\x00!");
  CHECK(printable("del\x7f") == "del\\x7f");
  CHECK(printable("csi\xC2\x9B"
                  "2J nbsp\xC2\xA0") == "csi\\u009b2J nbsp\xC2\xA0");
  CHECK(printable("stray\x9B byte\xFF") == "stray\\x9b byte\\xff");
  // In a CSV cell tabs and line feeds stay, inside quotes; CR and the others are escaped.
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  CHECK(csv_cell("crlf\r\nx\x1b]0;t\x07") == "\"crlf\\r\nx\\x1b]0;t\\x07\"");
  for (int c = 0; c < 0x20; ++c) {
    if (c == '\t' || c == '\n') continue;
    const std::string cell = csv_cell(std::string("x") + static_cast<char>(c));
    CHECK(std::none_of(cell.begin(), cell.end(), [](char ch) { return ch >= 0 && ch < 0x20; }));
  }
}

TEST_CASE("the text of a result shows stored control characters escaped", "[writers][controls]") {
  ScreenResult r = screened();
  r.external_ref = "REF\x1b]0;owned\x07";
  r.source = "file\x1b[31m.csv:2";
  r.errors = {{"naam\x1b[2J", "bad\x9b"}};
  for (bool batch : {false, true}) {
    const std::string text = write_all(OutputFormat::kText, batch, {r});
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK_THAT(text, Catch::Contains("\\x1b"));
  }
}

TEST_CASE("a repeat referral's result: a JSON object, two CSV columns and a text line",
          "[writers][repeat]") {
  ScreenResult r = screened();
  r.repeat = Repeat{{"ANT-2025-0007", "ANT-2026-0002"}, 1, {0, 2}};
  const json j = json::parse(to_json(r));
  CHECK(j["repeat"] == json{{"earlier_cases", {"ANT-2025-0007", "ANT-2026-0002"}},
                            {"others", 1},
                            {"persons", {0, 2}}});
  const std::string csv = write_all(OutputFormat::kCsv, true, {r});
  CHECK(csv.substr(csv.find('\n') + 1)
            .ends_with(",no_crisis_partner,,ANT-2025-0007|ANT-2026-0002,1\n"));
  // Text numbers the persons as `ifg person list` does, from 1.
  const std::string one = write_all(OutputFormat::kText, false, {r});
  CHECK(one.find("repeat    persons 1, 3 also in ANT-2025-0007, ANT-2026-0002, 1 case you may "
                 "not read\n") != std::string::npos);
  const std::string batch = write_all(OutputFormat::kText, true, {r});
  CHECK(batch.find("[repeat: persons 1, 3 also in") != std::string::npos);
  r.repeat = Repeat{{}, 2, {1}};
  CHECK(write_all(OutputFormat::kText, false, {r})
            .find("repeat    person 2 also in 2 cases you "
                  "may not read") != std::string::npos);
}

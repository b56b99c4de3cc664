// The screening-result writers: the JSON object of docs/formats.md, the batch
// JSON wrapper with its summary, JSONL, CSV columns and quoting, and text.
#include <nlohmann/json.hpp>

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
  CHECK(keys.size() == 9);
  const std::string text = to_json(screened());
  CHECK(text.find("\"record\"") < text.find("\"source\""));
  CHECK(text.find("\"case\"") < text.find("\"outcome\""));
  CHECK(text.find("\"criteria\"") < text.find("\"warnings\""));
  CHECK(j["record"] == 1);
  CHECK(j["case"] == "ANT-2026-0001");
  CHECK(j["outcome"] == "eligible");
  REQUIRE(j["criteria"].size() == 7);
  CHECK(j["criteria"][0] == json{{"id", "professional_referrer"},
                                 {"verdict", "pass"},
                                 {"reason", "because, \"quoted\""}});
  CHECK(j["criteria"][6]["id"] == "help_stuck");
  CHECK(j["warnings"][0] == json{{"code", "no_crisis_partner"}, {"message", "a message"}});
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
  s.seconds = 0.5;
  const json j = json::parse(write_all(OutputFormat::kJson, true, {screened(), invalid()}, s));
  REQUIRE(j["results"].size() == 2);
  CHECK(j["results"][1]["outcome"] == "invalid");
  CHECK(j["summary"]["records"] == 2);
  CHECK(j["summary"]["per_second"] == 4);
  const json by = j["summary"]["by_outcome"];
  CHECK(by.size() == 6);
  CHECK(by["eligible"] == 1);
  CHECK(by["invalid"] == 1);
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
        "errors");
  CHECK(row1 ==
        "1,referrals.csv:2,CAW-ANT-2026-0113,ANT-2026-0001,eligible,8298aa8f,pass,pass,pass,pass,"
        "pass,pass,pass,no_crisis_partner,");
  CHECK(row2 ==
        "2,referrals.csv:3,,,invalid,,,,,,,,,,\"safety: \"\"dangerous\"\" is not a known "
        "safety|(record): the row has 3 fields\"");
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

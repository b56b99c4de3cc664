// SPDX-License-Identifier: EUPL-1.2
// The JSON writer and the JSON forms (include/ifg/json.h), checked against
// nlohmann-json as an independent printer: the compact layout is what its
// dump() prints and the indented one what dump(2) prints, byte for byte, for
// strings, numbers and nesting; the canonical referral form is the stored
// form; and the keys of each domain type's form are the documented ones.
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "fixtures.h"
#include "ifg/io.h"
#include "ifg/json.h"
#include "referral_json.h"

using namespace ifg;
using ojson = nlohmann::ordered_json;

namespace {

/// `j` written by JsonWriter in `layout`, walking nlohmann's tree.
void write_tree(JsonWriter& w, const ojson& j) {
  switch (j.type()) {
    case ojson::value_t::object:
      w.begin_object();
      for (auto it = j.begin(); it != j.end(); ++it) {
        w.key(it.key());
        write_tree(w, it.value());
      }
      w.end_object();
      break;
    case ojson::value_t::array:
      w.begin_array();
      for (const auto& v : j) write_tree(w, v);
      w.end_array();
      break;
    case ojson::value_t::string:
      w.value(j.get<std::string>());
      break;
    case ojson::value_t::boolean:
      w.value(j.get<bool>());
      break;
    case ojson::value_t::number_integer:
      w.value(j.get<long long>());
      break;
    case ojson::value_t::number_unsigned:
      w.value(j.get<unsigned long>());
      break;
    case ojson::value_t::number_float:
      w.value(j.get<double>());
      break;
    default:
      w.null();
  }
}

std::string written(const ojson& j, JsonLayout layout) {
  std::string out;
  JsonWriter w(out, layout);
  write_tree(w, j);
  return out;
}

/// nlohmann's JSON text with the escapes JsonWriter adds to RFC 8259's: DEL,
/// the C1 controls and U+2028/U+2029 as \u escapes (nlohmann leaves them raw).
std::string with_extra_escapes(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = [&](std::size_t k) {
      return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
    };
    if (c == 0x7F) {
      out += "\\u007f";
    } else if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) {
      out += "\\u00";
      out += "0123456789abcdef"[next(1) >> 4];
      out += "0123456789abcdef"[next(1) & 15];
      ++i;
    } else if (c == 0xE2 && next(1) == 0x80 && (next(2) == 0xA8 || next(2) == 0xA9)) {
      out += next(2) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::set<std::string> keys_of(const std::string& text) {
  std::set<std::string> keys;
  const ojson j = ojson::parse(text);
  for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
  return keys;
}

}  // namespace

TEST_CASE("JsonWriter lays JSON out as nlohmann's dump() and dump(2) do", "[json]") {
  const ojson doc = ojson::parse(R"({
    "empty_object": {}, "empty_array": [], "nested": {"a": [1, [2, []], {"b": null}]},
    "text": "quote \" backslash \\ slash / tab \t newline \n bell \u0007 é 😀",
    "numbers": [0, -1, 9007199254740993, 0.5, 0.6667, 15800.0, 1e-05, 1e+20, 123456789012345.0,
                1e15, 0.0001, 2.5e-7, -0.0],
    "flags": [true, false]
  })");
  CHECK(written(doc, JsonLayout::kCompact) == doc.dump());
  CHECK(written(doc, JsonLayout::kIndented) == doc.dump(2));
}

TEST_CASE("JsonWriter escapes DEL, C1 controls, U+2028 and U+2029, which nlohmann leaves raw",
          "[json]") {
  // A terminal may obey U+009B (CSI) as ESC [; JavaScript ends a line at U+2028.
  const std::string text =
      "a\x7f"
      "b\xC2\x9B"
      "2J\xC2\x80\xC2\x9F\xC2\xA0"
      "c\xE2\x80\xA8"
      "d\xE2\x80\xA9\xE2\x80\xA6 \xC3\xA9 \xF0\x9F\x98\x80 long plain tail";
  std::string out;
  JsonWriter(out).value(text);
  CHECK(out ==
        "\"a\\u007fb\\u009b2J\\u0080\\u009f\xC2\xA0"
        "c\\u2028d\\u2029\xE2\x80\xA6 \xC3\xA9 "
        "\xF0\x9F\x98\x80 long plain tail\"");
  CHECK(ojson::parse(out).get<std::string>() == text);  // the same text read back
  for (unsigned char c = 0x80; c < 0xA0; ++c) {
    out.clear();
    JsonWriter(out).value(std::string("\xC2") + static_cast<char>(c));
    CHECK(out.find('\xC2') == std::string::npos);
  }
}

TEST_CASE("a double that is not finite is null", "[json]") {
  std::string out;
  JsonWriter w(out);
  w.begin_array().value(std::numeric_limits<double>::infinity()).value(std::nan("")).end_array();
  CHECK(out == "[null,null]");
}

TEST_CASE("JSON text written elsewhere is laid out again in the writer's layout", "[json]") {
  const std::string details = R"({"attendees":["dir.ant","member, \"x\""],"empty":{},"n":[]})";
  const ojson doc = {{"id", 1}, {"details", ojson::parse(details)}};
  for (auto layout : {JsonLayout::kCompact, JsonLayout::kIndented}) {
    std::string out;
    JsonWriter w(out, layout);
    w.begin_object().member("id", 1);
    w.key("details").json(details);
    w.end_object();
    CHECK(out == (layout == JsonLayout::kCompact ? doc.dump() : doc.dump(2)));
  }
}

TEST_CASE("the JSON form of a referral is its stored canonical form", "[json]") {
  // The stored form is JsonWriter's: nlohmann's dump() with the extra escapes,
  // which nlohmann and SQLite's json_extract read back to the same text.
  Referral hostile = test::eligible_referral("R/1");
  hostile.summary = "Line one\nline \"two\"\t\x01 é \x7f \xC2\x9B \xE2\x80\xA8";
  hostile.referrer.name = "Ré \"Ferrer\"";
  hostile.referrer.partner = "caw-ant";
  hostile.persons.push_back({PersonRole::kOther, std::nullopt, std::nullopt});
  Referral bare;
  bare.region = "ANT";
  bare.received = {2026, 1, 2};
  std::vector<Referral> all{hostile, bare, test::eligible_referral("R2")};
  const Config flanders = load_config(std::string(IFG_EXAMPLES) + "/flanders.toml");
  Catalog catalog;
  for (const auto& region : flanders.regions) catalog.regions.insert(region.code);
  for (const auto& p : flanders.partners) catalog.partners.insert(p.id);
  catalog.today = {2026, 12, 31};
  ReferralReader reader(std::string(IFG_EXAMPLES) + "/referrals.jsonl", std::nullopt, catalog,
                        ReadMode::kBatch);
  while (auto in = reader.next())
    if (in->referral) all.push_back(*in->referral);
  REQUIRE(all.size() > 100);
  for (const auto& r : all) {
    INFO(r.external_ref.value_or("-"));
    CHECK(to_json(r) == with_extra_escapes(detail::referral_to_json(r).dump()));
  }
}

TEST_CASE("the forms carry the documented keys", "[json]") {
  Action a;
  a.number = 1;
  a.text = "Find housing";
  a.history.push_back(
      {"2026-11-28T10:00:00Z", "coord.ant", "created", std::nullopt, "dir.ant", std::nullopt});
  CHECK(keys_of(to_json(a)) == std::set<std::string>{"number", "text", "action", "domain",
                                                     "professional", "partner", "due", "status",
                                                     "overdue", "history"});
  CHECK(ojson::parse(to_json(a))["action"] == "Find housing");  // the deprecated name of "text"
  CHECK(keys_of(to_json(Meeting{})) ==
        std::set<std::string>{"number", "date", "status", "basis", "purpose", "notes", "attendees",
                              "actor", "at", "recorded_by", "recorded_at"});
  CHECK(keys_of(to_json(MonitoringContact{})) ==
        std::set<std::string>{"number", "result", "note", "actor", "at"});
  CHECK(keys_of(to_json(Event{0, "", std::nullopt, "", "{}"})) ==
        std::set<std::string>{"id", "at", "actor", "action", "details"});
  CHECK(keys_of(to_json(DirectorTerm{})) ==
        std::set<std::string>{"professional", "from", "until", "assigned_by", "reason"});
  CHECK(keys_of(to_json(Decision{})) ==
        std::set<std::string>{"accepted", "overridden", "motivation", "actor", "at"});
  CHECK(keys_of(to_json(AuditEntry{0, "", std::nullopt, "change", "x", std::nullopt, "{}",
                                   std::nullopt, ""})) ==
        std::set<std::string>{"id", "at", "actor", "kind", "action", "case", "details",
                              "justification", "hash"});
  CHECK(keys_of(to_json(PersonExport{})) ==
        std::set<std::string>{"format_version", "person", "cases"});
}

TEST_CASE("the CSV of a list has its JSON form's keys as columns, in their order", "[json][csv]") {
  Meeting m;
  m.number = 2;
  m.date = *Date::parse("2026-11-27");
  m.attendees = {"dir.ant", "member.ant.pz"};
  m.purpose = "=HYPERLINK(\"http://x\")";  // a formula: written with a ' first
  m.actor = "coord.ant";
  m.at = "2026-11-28T10:00:00Z";
  std::ostringstream out;
  write_csv(out, std::vector<Meeting>{m});
  std::string header;
  const ojson form = ojson::parse(to_json(m));
  for (const auto& item : form.items()) header += (header.empty() ? "" : ",") + item.key();
  CHECK(out.str() == header + "\n" +
                         "2,2026-11-27,held,decree,\"'=HYPERLINK(\"\"http://x\"\")\",,"
                         "\"dir.ant;member.ant.pz\",coord.ant,2026-11-28T10:00:00Z,"
                         "coord.ant,2026-11-28T10:00:00Z\n");
}

TEST_CASE("the CSV of an empty list is its header", "[json][csv]") {
  std::ostringstream out;
  write_csv(out, std::vector<Event>{});
  CHECK(out.str() == "id,at,actor,action,details\n");
}

TEST_CASE("nested values in a CSV cell are their compact JSON, numbers and booleans as in JSON",
          "[json][csv]") {
  Action a;
  a.number = 1;
  a.text = "-1 cheque";
  a.overdue = true;
  a.history.push_back(
      {"2026-11-28T10:00:00Z", "coord.ant", "created", std::nullopt, "dir.ant", std::nullopt});
  Event e{7, "2026-11-28T10:00:00Z", std::nullopt, "closed", R"({"reason":"moved","n":1})"};
  std::ostringstream actions, events;
  write_csv(actions, std::vector<Action>{a});
  write_csv(events, std::vector<Event>{e});
  CHECK(actions.str() ==
        "number,text,action,domain,professional,partner,due,status,overdue,history\n"
        "1,'-1 cheque,'-1 cheque,,,,,open,true,"
        "\"[{\"\"at\"\":\"\"2026-11-28T10:00:00Z\"\",\"\"actor\"\":\"\"coord.ant\"\","
        "\"\"kind\"\":\"\"created\"\",\"\"from\"\":null,\"\"to\"\":\"\"dir.ant\"\","
        "\"\"note\"\":null}]\"\n");
  CHECK(events.str() ==
        "id,at,actor,action,details\n"
        "7,2026-11-28T10:00:00Z,,closed,\"{\"\"reason\"\":\"\"moved\"\",\"\"n\"\":1}\"\n");
}

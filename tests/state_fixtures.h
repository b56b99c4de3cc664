// SPDX-License-Identifier: EUPL-1.2
// The scenario of audit verify --state, shared by its tests on SQLite
// (state_test.cpp) and on PostgreSQL (pg_state_test.cpp): a configuration, a
// case walked through every step with free text everywhere, a batch of two,
// and the edits behind ifg's back that verify must name.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.h"
#include "ifg/io.h"
#include "ifg/service.h"

namespace ifg::test {

inline Config state_config() {
  Config c = regions_with_director();
  c.professionals.push_back({"analyst.ant", "Analyst A", "jh-ant", {Role::kAnalyst}, true});
  return c;
}

inline Referral state_referral(const std::string& ref) {
  Referral r = eligible_referral(ref, "ANT", {2026, 3, 2});
  r.referrer.partner = "caw-ant";
  r.summary = "Synthetic summary";
  return r;
}

/// The Service through which a professional acts: on SQLite one acts for
/// everyone; on a shared PostgreSQL database the login is the actor.
using ActingAs = std::function<Service&(const std::string& professional)>;

/// A case taken through every step, with free text everywhere.
inline std::string walked_case(const ActingAs& as, const std::string& ref) {
  const std::string id = as("coord.ant").register_referral("coord.ant", state_referral(ref));
  as("coord.ant").screen("coord.ant", id);
  as("coord.ant").decide("coord.ant", id, true, "Synthetic motivation", false);
  as("coord.ant")
      .add_meeting("coord.ant", id,
                   {{2026, 4, 1}, {"dir.ant"}, LegalBasis::kDecree, "Purpose", "Notes"});
  as("coord.ant")
      .add_action("coord.ant", id, "Synthetic action", "housing", "dir.ant", Date{2026, 5, 1});
  as("coord.ant").assign_director("coord.ant", id, "dir.ant", "Synthetic reason");
  as("dir.ant").set_action_status("dir.ant", id, 1, ActionStatus::kDone, "Synthetic note");
  return id;
}

inline std::string walked_case(Service& s, const std::string& ref) {
  return walked_case([&](const std::string&) -> Service& { return s; }, ref);
}

/// The configuration (loaded through `admin`, without an actor), a walked
/// case (ANT-2026-0001), a closed one (0002) and a batch of two (0003, 0004),
/// whose referral file is written to `file`.
inline void populate_state(Service& admin, const ActingAs& as, const std::filesystem::path& file) {
  admin.init(state_config(), std::nullopt);
  walked_case(as, "REF-1");
  const std::string closed = walked_case(as, "REF-2");
  as("coord.ant").close("coord.ant", closed, ClosureReason::kOther, "Synthetic closing note");
  std::ofstream(file) << R"({"external_ref":"B-1","region":"ANT","received":"2026-11-02",)"
                      << R"("referrer":{"kind":"professional"}})" << '\n'
                      << R"({"external_ref":"B-2","region":"ANT","received":"2026-11-03",)"
                      << R"("referrer":{"kind":"professional"}})" << '\n';
  Service& coord = as("coord.ant");
  ReferralReader reader(file.string(), std::nullopt, coord.catalog(), ReadMode::kBatch);
  coord.screen_batch("coord.ant", reader, BatchOptions{}, [](const ScreenResult&) {});
}

inline void populate_state(Service& s, const std::filesystem::path& file) {
  populate_state(
      s, [&](const std::string&) -> Service& { return s; }, file);
}

/// An edit behind ifg's back, and the table, row and column verify names.
struct StateEdit {
  std::string sql, table, key;
  std::optional<std::string> column;
};

/// Edits of a populated database that both engines run as written.
inline std::vector<StateEdit> state_edits() {
  return {
      {"UPDATE cases SET status = 'archived' WHERE id = 'ANT-2026-0001'", "cases",
       R"(["ANT-2026-0001"])", "status"},
      // a case untouched since its batch: the record keeps a digest of the row,
      // so the row is named, not the column
      {"UPDATE cases SET outcome = 'eligible', screening = NULL WHERE id = 'ANT-2026-0003'",
       "cases", R"(["ANT-2026-0003"])", std::nullopt},
      {"UPDATE professionals SET roles = 'coordinator' WHERE id = 'analyst.ant'", "professionals",
       R"(["analyst.ant"])", "roles"},
      {"UPDATE decisions SET accepted = 0 WHERE case_id = 'ANT-2026-0001'", "decisions",
       R"(["ANT-2026-0001"])", "accepted"},
      {"UPDATE decisions SET motivation = 'Other words' WHERE case_id = 'ANT-2026-0001'",
       "decisions", R"(["ANT-2026-0001"])", "motivation"},
      {"UPDATE cases SET referral = replace(referral, 'Synthetic', 'Edited') "
       "WHERE id = 'ANT-2026-0002'",
       "cases", R"(["ANT-2026-0002"])", "referral"},
      {"DELETE FROM meeting_attendees WHERE case_id = 'ANT-2026-0001'", "meeting_attendees",
       R"(["ANT-2026-0001",1,"dir.ant"])", std::nullopt},
      {"INSERT INTO involvement VALUES('ANT-2026-0001', 'jh-lim', 'attendee')", "involvement",
       R"(["ANT-2026-0001","jh-lim","attendee"])", std::nullopt},
      {"UPDATE settings SET value = 'true' WHERE key = 'audit.require_justification'", "settings",
       R"(["audit.require_justification"])", "value"},
  };
}

/// Checks that verify --state named the row `e` changed, and left the chain intact.
inline void check_named(const AuditVerification& v, const StateEdit& e) {
  CHECK(v.intact);  // the chain itself is untouched
  REQUIRE(v.state);
  CHECK(v.state->table == e.table);
  CHECK(v.state->key == e.key);
  CHECK(v.state->column == e.column);
  CHECK_FALSE(v.state->problem.empty());
}

}  // namespace ifg::test

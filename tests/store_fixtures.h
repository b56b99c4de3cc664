// SPDX-License-Identifier: EUPL-1.2
// Fixtures of the white-box tests of the store (store_test, audit_log_test).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "fixtures.h"
#include "ifg/json.h"
#include "store.h"

namespace ifg::test {

/// Loads test::two_regions() into `st`: regions, partners, professionals,
/// with the entry that records the load (every change has one).
/// Without `record` (tests of the chain alone) no entry is written and the
/// rows written are not recorded as facts.
inline void configure(detail::Store& st, bool record = true) {
  const Config c = two_regions();
  auto tx = st.write();
  for (const auto& r : c.regions) st.upsert_region(r);
  for (const auto& p : c.partners) st.upsert_partner(p);
  for (const auto& p : c.professionals) st.upsert_professional(p);
  if (record)
    st.audit().append(std::nullopt, "2026-11-28T09:00:00Z", std::nullopt, "config_loaded");
  else
    st.audit().state().clear();
  tx.commit();
}

/// Stores an eligible referral of `region` as a new case, registered by
/// coord.ant on 2026-11-28, in a transaction of its own with its entry unless `batch` (a
/// record of a batch chunk: the chunk and position, in the caller's
/// transaction) is given; returns its id.
inline std::string insert_case(detail::Store& st, const std::string& region, const std::string& ref,
                               std::optional<std::pair<long, int>> batch = std::nullopt,
                               bool record = true) {
  const Referral r = eligible_referral(ref, region);
  std::optional<detail::Store::WriteTx> tx;
  if (!batch) tx.emplace(st);
  detail::NewCase c;
  c.id = st.next_case_id(region, 2026);
  c.referral = &r;
  c.referral_json = to_json(r);
  c.at = "2026-11-28T10:00:00Z";
  c.actor = "coord.ant";
  c.batch = batch;
  st.insert_case(c);
  if (!record) st.audit().state().clear();
  if (tx) {
    if (record) st.audit().append(c.id, c.at, c.actor, "registered");
    tx->commit();
  }
  return c.id;
}

}  // namespace ifg::test

// Fixtures of the white-box tests of the store (store_test, audit_log_test).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "fixtures.h"
#include "ifg/json.h"
#include "store.h"

namespace ifg::test {

/// Loads test::two_regions() into `st`: regions, partners, professionals.
inline void configure(detail::Store& st) {
  const Config c = two_regions();
  auto tx = st.write();
  for (const auto& r : c.regions) st.upsert_region(r);
  for (const auto& p : c.partners) st.upsert_partner(p);
  for (const auto& p : c.professionals) st.upsert_professional(p);
  tx.commit();
}

/// Stores an eligible referral of `region` as a new case, registered by
/// coord.ant on 2026-11-28, in a transaction of its own unless `batch` (a
/// record of a batch chunk: the chunk and position, in the caller's
/// transaction) is given; returns its id.
inline std::string insert_case(detail::Store& st, const std::string& region, const std::string& ref,
                               std::optional<std::pair<long, int>> batch = std::nullopt) {
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
  if (tx) tx->commit();
  return c.id;
}

}  // namespace ifg::test

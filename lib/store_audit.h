// SPDX-License-Identifier: EUPL-1.2
// Private: the audit trail, one class that owns the hash chain of the `events`
// table: following its tail, hashing an entry, the justification that goes
// with the entries, checking the chain, its head, and listing entries.
//
// Design notes
// ------------
// * Every change writes its entry in the same transaction as the change;
//   every read of case data one short write after the read; every denial one
//   after the denied operation rolled back.
// * Each entry stores the SHA-256 of its own columns, each length-prefixed so
//   that no two different entries give the same text, and of the previous
//   entry's hash; the first entry follows 64 zeros. Triggers (schema 3) refuse
//   UPDATE and DELETE. Rejected: a separate audit table next to an events
//   table, which would let the two disagree.
// * Inside a write transaction no other connection can append, so the tail
//   (the last entry's id and hash) is read once per transaction and followed
//   in memory; WriteTx forgets it when the next transaction begins.
// * A chunk of a batch (schema 6) writes one event row per record in
//   `batch_events` (the case, its external_ref and outcome: registered and
//   screened together) and one chained entry, action "batch", whose details
//   hold the number of records, the rule set and the root: the SHA-256 of the
//   records' own hashes, in order. Each record's hash covers the chunk, its
//   position and its facts, so verify names a record that was altered,
//   removed, inserted or moved; the actor and time are the chunk entry's.
//   Rejected: a chained entry per record (two per record before schema 6:
//   a third of a batch's instructions went to them), and a Merkle tree (the
//   list of hashes is as cheap to check, and a chunk is read whole anyway).
// * Schema 7 (format 2 of an entry): the hash covers, instead of the
//   justification's text, its commitment (jcommit: SHA-256 of 16 random bytes,
//   jsalt, and the text), so purge can clear the text and the salt while the
//   entry still verifies; and the facts of the change (store_state.h) and the
//   clock's reading when it ran behind the trail. Entries of format 1 keep
//   their old hash; purge clears their justification too and marks jcommit
//   "purged", and verify then trusts their stored hash (the chain still links
//   them) and counts them.
// * Time only moves forward in the trail: an entry whose clock reads earlier
//   than the entry before it takes that entry's time, and keeps the clock's
//   reading in `clock`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifg/audit.h"
#include "ifg/model.h"
#include "store_state.h"

namespace ifg::detail {

class Connection;
struct EntryText;

/// The details of a batch record's event as SQL over `batch_events b` joined
/// to its chunk entry `events e`: what `log` and `audit show` show of it.
#define IFG_BATCH_DETAILS                                                              \
  "json_object('batch', json('true'), 'chunk', e.id, 'external_ref', b.external_ref, " \
  "'outcome', b.outcome, 'ruleset', json_extract(e.details, '$.ruleset'))"

/// The kinds of entry: a change, a look at case data, a refused request.
inline constexpr std::string_view kChange = "change";
inline constexpr std::string_view kRead = "read";
inline constexpr std::string_view kDenied = "denied";

/// The audit trail of one database. Not safe to share between threads.
class AuditLog {
 public:
  explicit AuditLog(Connection& connection) : c_(connection), state_(connection) {}

  /// The rows changed in the open transaction, which the next entry records.
  StateLog& state() { return state_; }

  /// Why the actor looks at case data; kept with every entry appended after this call.
  void set_justification(std::optional<std::string> j) { justification_ = std::move(j); }
  const std::optional<std::string>& justification() const { return justification_; }

  /// Appends an entry chained to the last one; call inside a write transaction.
  void append(const std::optional<std::string>& case_id, const std::string& at,
              const std::optional<std::string>& actor, std::string_view action,
              const std::string& details_json = "{}", std::string_view kind = kChange);

  /// The number of entries and the hash of the last one.
  AuditHead head();
  /// Checks the chain from the first entry to the last; names the first broken
  /// one. With `state`, also the triggers and the tables against the trail.
  AuditVerification verify(bool state = false);
  /// On PostgreSQL: refuses (exit 4) a login that row-level security shows
  /// only part of the trail to.
  void require_whole_trail();
  /// Schema 7: entries of action "state_baseline" holding the facts of every
  /// row already stored, so that verify --state can start from them.
  void append_baseline(const std::string& at);
  /// Purge: clears the justification (and its salt) of the entries of `case_id`
  /// and of the batch chunks that registered it; their hashes still verify.
  void forget_justifications(const std::string& case_id);
  /// Schema 7: the triggers that keep entries from being changed or removed.
  void create_triggers();
  /// Entries matching `filter` whose case lies in `regions`, and entries of no case.
  std::vector<AuditEntry> entries(const AuditFilter& filter,
                                  const std::vector<std::string>& regions);

  /// Starts a chunk of a batch in a write transaction; returns the id its
  /// chained entry will have. Records added until end_chunk() belong to it.
  long begin_chunk();
  /// One record of the chunk: the case registered and screened, with its event row.
  void add_record(long chunk, int seq, const std::string& case_id, const std::string& external_ref,
                  Outcome outcome);
  /// The chunk's one chained entry, covering its records in order.
  void end_chunk(long chunk, const std::string& at, const std::string& actor,
                 const std::string& ruleset);

  /// Forgets the tail followed in memory: the next append reads it again.
  void forget_tail() { tail_.reset(); }
  /// Schema 3: hashes the entries already stored, in order, and adds the
  /// triggers that refuse UPDATE and DELETE. Inside the migration's transaction.
  void chain_existing();

 private:
  void read_tail();
  /// A change to a case is its last activity (schema 8: `case list`).
  void mark_activity(const std::string& case_id, const std::string& at);
  void insert(const EntryText& e, const std::string& hash, const std::optional<std::string>& jsalt);
  std::optional<StateMismatch> triggers_problem();
  std::optional<StateMismatch> pg_triggers_problem();
  /// The first problem of the chunk entry `id` with these details, if any.
  std::optional<std::string> chunk_problem(long id, const std::string& details);
  std::optional<std::pair<long, std::string>> stray_record();

  Connection& c_;
  std::optional<std::string> justification_;
  StateLog state_;
  struct Tail {
    long id = 0;
    std::string hash, at;
  };
  std::optional<Tail> tail_;  ///< the last entry's id, hash and time
  std::string chunk_hashes_;  ///< the record hashes of the open chunk, 32 bytes each
  int chunk_records_ = 0;
};

}  // namespace ifg::detail

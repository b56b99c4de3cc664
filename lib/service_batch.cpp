// SPDX-License-Identifier: EUPL-1.2
// Batch screening (docs/architecture.md, "Batches"): read a chunk, store it in
// one transaction, then hand its results out.
#include <chrono>
#include <future>

#include "i18n.h"
#include "service_impl.h"

namespace ifg {

namespace {

using Clock = std::chrono::steady_clock;

/// A record made ready on the reader's side: read, validated, checked
/// against the batch's and the actor's regions, screened, and its referral and screening
/// written in their stored form; all the work that needs no database.
struct Prepared {
  ScreenResult result;  ///< all but the case id, which the store gives
  std::optional<Referral> referral;
  std::string referral_json;
  std::string screening_json;
};

/// What the reader's side needs: read-only during a batch, so it may run on
/// a second thread while the store works.
struct Preparer {
  ReferralReader& reader;
  const detail::Actor& who;
  const RuleSet& rules;
  std::size_t chunk;
  bool dry_run;  ///< nothing is stored, so nothing is written in stored form
  std::optional<std::string> only_region;  ///< the records of other regions are skipped
  bool at_end = false;

  /// Reads up to `chunk` records without holding the write lock, so a slow
  /// input (a pipe) never keeps other writers waiting. A chunk also ends a
  /// second after it began, so results keep flowing.
  std::vector<Prepared> next_chunk() {
    std::vector<Prepared> out;
    out.reserve(chunk);
    const auto started = Clock::now();
    while (out.size() < chunk) {
      auto in = reader.next();
      if (!in) {
        at_end = true;
        break;
      }
      out.push_back(prepare(*in));
      if (Clock::now() - started > std::chrono::seconds(1)) break;
    }
    return out;
  }

  Prepared prepare(RecordInput& in) {
    Prepared p;
    p.result.record = in.record;
    p.result.source = std::move(in.source);
    p.result.external_ref = std::move(in.external_ref);
    // Another region's record is skipped even when invalid: not ours to correct.
    if (auto reason = in.region ? skip_reason(*in.region) : std::nullopt) {
      p.result.outcome = Outcome::kSkipped;
      p.result.errors.push_back({"region", std::move(*reason)});
      return p;
    }
    if (!in.referral) {
      p.result.outcome = Outcome::kInvalid;
      p.result.errors = std::move(in.errors);
      return p;
    }
    Screening s = ifg::screen(*in.referral, rules);
    if (!dry_run) {
      p.referral_json = to_json(*in.referral);
      p.screening_json = detail::encode_screening(s);
    }
    p.result.outcome = s.outcome;
    p.result.ruleset = s.ruleset;
    p.result.criteria = std::move(s.criteria);
    p.result.warnings = std::move(s.warnings);
    p.referral = std::move(in.referral);
    return p;
  }

  /// Why a valid record of `region` is not handled in this batch: it is not
  /// the batch's region, or not one the actor coordinates; nullopt to handle it.
  std::optional<std::string> skip_reason(const std::string& region) const {
    if (only_region && region != *only_region)
      return trf("region {} is not handled in this batch, which handles region {} only", region,
                 *only_region);
    if (!who.coordinates(region))
      return trf("region {} is not a region {} coordinates (partner {})", region, who.pro.id,
                 who.pro.partner);
    return std::nullopt;
  }
};

/// Stores chunks of one batch: each new valid record becomes a screened case.
struct ChunkStore {
  Service::Impl& impl;
  detail::Store& st;
  const detail::Actor& who;
  const RuleSet& rules;
  bool dry_run;
  std::optional<detail::Store::WriteTx> tx;  ///< of the chunk being stored
  std::optional<long> chunk;                 ///< its audit entry's id, once it registers a case
  int records = 0;                           ///< the cases it registered

  /// Registers the chunk's new records in one transaction, begun at its first
  /// valid record (a chunk of invalid records takes no lock), with one audit
  /// entry covering the cases it registered. Returns the results.
  std::vector<ScreenResult> store(std::vector<Prepared>& prepared, const std::string& at) {
    std::vector<ScreenResult> results;
    results.reserve(prepared.size());
    for (auto& p : prepared) {
      if (p.referral) store_record(p, at);
      results.push_back(std::move(p.result));
    }
    if (chunk) st.audit().end_chunk(*chunk, at, who.pro.id, rules.version);
    if (tx) tx->commit();
    tx.reset();
    chunk.reset();
    records = 0;
    return results;
  }

  void store_record(Prepared& p, const std::string& at) {
    const Referral& r = *p.referral;
    if (!dry_run && !tx) tx.emplace(st);
    if (auto existing = st.case_by_ref(r.region, *r.external_ref)) {
      duplicate(p.result, existing);
      return;
    }
    if (dry_run) {
      if (st.dry_run_seen(r.region, *r.external_ref)) return duplicate(p.result, std::nullopt);
      st.dry_run_add(r.region, *r.external_ref);
      p.result.repeat = impl.repeat_of(who, r, rules.params.repeat_window_months);
      return;
    }
    bool repeat_possible = false;
    p.result.case_id = register_case(p, at, repeat_possible);
    if (repeat_possible)
      p.result.repeat = impl.repeat_of(who, *p.result.case_id, rules.params.repeat_window_months);
  }

  static void duplicate(ScreenResult& res, std::optional<std::string> existing) {
    res.outcome = Outcome::kDuplicate;
    res.case_id = std::move(existing);
    res.ruleset.reset();
    res.criteria.clear();
    res.warnings.clear();
  }

  /// Registers the record as a new case; `repeat_possible` tells whether a
  /// victim or child of it is a person the region knew.
  std::string register_case(Prepared& p, const std::string& at, bool& repeat_possible) {
    const Referral& r = *p.referral;
    if (!chunk) chunk = st.audit().begin_chunk();
    detail::NewCase c;
    c.id = st.next_case_id(r.region, r.received.year);
    c.referral = &r;
    c.referral_json = std::move(p.referral_json);
    c.status = CaseStatus::kScreened;
    c.outcome = p.result.outcome;
    c.ruleset = rules.version;
    c.screening_json = std::move(p.screening_json);
    c.at = at;
    c.actor = who.pro.id;
    c.batch = {*chunk, ++records};
    repeat_possible = st.insert_case(c);
    st.audit().add_record(*chunk, records, c.id, *r.external_ref, p.result.outcome);
    return c.id;
  }
};

/// A committed chunk: its results are handed out, and then its records freed,
/// on the reader's thread when there is one. That thread made their strings
/// (glibc frees a block fastest on the thread that allocated it: two threads
/// freeing into one arena wait on its lock), and writing the results there
/// leaves this thread only the store.
struct Committed {
  std::vector<Prepared> prepared;
  std::vector<ScreenResult> results;

  /// In input order, and then on_commit (the CLI flushes its output there).
  void hand_out(BatchSummary& summary, const std::function<void(const ScreenResult&)>& on_result,
                const BatchOptions& options) {
    for (const auto& r : results) {
      ++summary.by_outcome[static_cast<std::size_t>(r.outcome)];
      ++summary.records;
      if (on_result) on_result(r);
    }
    if (!results.empty() && options.on_commit) options.on_commit();
    prepared = {};
    results = {};
  }
};

/// The batch's two stages. With read_ahead, a second thread hands out the
/// last chunk's results and prepares the next chunk while this one stores the
/// current chunk. Only this thread touches the database, and only one thread
/// at a time the reader and the callbacks (get() orders them; the future is
/// joined before run() returns or throws).
struct Pipeline {
  Preparer& reader_side;
  ChunkStore& chunks;
  const BatchOptions& options;
  const std::function<void(const ScreenResult&)>& on_result;
  BatchSummary summary;

  template <class Now>
  void run(Now now) {
    std::future<std::vector<Prepared>> ahead;
    Committed done;  // the last chunk stored, not yet handed out
    for (;;) {
      auto prepared = ahead.valid() ? ahead.get() : reader_side.next_chunk();
      if (prepared.empty()) break;
      const bool behind = options.read_ahead && !reader_side.at_end;  // a reader thread runs
      if (behind)
        ahead = std::async(std::launch::async, [this, last = std::move(done)]() mutable {
          last.hand_out(summary, on_result, options);
          return reader_side.next_chunk();
        });
      else
        done.hand_out(summary, on_result, options);  // the chunk before, if that had a reader
      auto results = chunks.store(prepared, now());
      done = {std::move(prepared), std::move(results)};
      if (!behind) done.hand_out(summary, on_result, options);  // a pipe may stall: now
      if (!ahead.valid() && reader_side.at_end) break;          // (no reader thread runs now)
    }
    done.hand_out(summary, on_result, options);
  }
};

}  // namespace

BatchSummary Service::screen_batch(const std::optional<std::string>& actor, ReferralReader& reader,
                                   const BatchOptions& options,
                                   const std::function<void(const ScreenResult&)>& on_result) {
  return impl_->guard([&] {
    const auto started = Clock::now();
    const detail::Actor who = impl_->actor(actor, detail::Operation::kScreenBatch);
    detail::Subject in_region;
    in_region.region = detail::known_region(impl_->store, options.region);
    impl_->require(who, detail::Operation::kScreenBatch, in_region);
    const RuleSet rules = impl_->rules();  // its version computed once for the batch
    if (options.dry_run) impl_->store.dry_run_begin();
    std::optional<detail::Store::BatchWal> wal;
    if (!options.dry_run) wal.emplace(impl_->store);
    ChunkStore chunks{*impl_, impl_->store, who, rules, options.dry_run, {}, {}, 0};
    Preparer reader_side{reader,          who,
                         rules,           static_cast<std::size_t>(std::max(1, options.chunk_size)),
                         options.dry_run, in_region.region};
    Pipeline pipeline{reader_side, chunks, options, on_result, {}};
    pipeline.run([this] { return impl_->now_text(); });
    BatchSummary& summary = pipeline.summary;
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary;
  });
}

}  // namespace ifg

// Batch screening (docs/architecture.md, "Batches"): read a chunk, store it in
// one transaction, then hand its results out.
#include <chrono>
#include <future>

#include "service_impl.h"

namespace ifg {

namespace {

using detail::json;
using Clock = std::chrono::steady_clock;

/// Reads and validates up to `chunk` records without holding the write lock,
/// so a slow input (a pipe) never keeps other writers waiting. A chunk also
/// ends a second after it began, so results keep flowing.
std::vector<RecordInput> read_chunk(ReferralReader& reader, std::size_t chunk, bool& at_end) {
  std::vector<RecordInput> out;
  out.reserve(chunk);
  const auto started = Clock::now();
  while (out.size() < chunk) {
    auto in = reader.next();
    if (!in) {
      at_end = true;
      break;
    }
    out.push_back(std::move(*in));
    if (Clock::now() - started > std::chrono::seconds(1)) break;
  }
  return out;
}

/// Stores chunks of one batch: each new valid record becomes a screened case.
struct ChunkStore {
  detail::Store& st;
  const detail::Actor& who;
  const RuleSet& rules;
  bool dry_run;
  std::optional<detail::Store::WriteTx> tx;  ///< of the chunk being stored
  std::optional<long> chunk;                 ///< its audit entry's id, once it registers a case
  int records = 0;                           ///< the cases it registered

  /// Registers and screens the chunk's new records in one transaction, begun
  /// at its first valid record (a chunk of invalid records takes no lock),
  /// with one audit entry covering the cases it registered.
  std::vector<ScreenResult> store(std::vector<RecordInput>& inputs, const std::string& at) {
    std::vector<ScreenResult> results;
    results.reserve(inputs.size());
    for (auto& in : inputs) results.push_back(store_record(in, at));
    if (chunk) st.audit().end_chunk(*chunk, at, who.pro.id, rules.version);
    if (tx) tx->commit();
    tx.reset();
    chunk.reset();
    records = 0;
    return results;
  }

  ScreenResult store_record(RecordInput& in, const std::string& at) {
    ScreenResult res;
    res.record = in.record;
    res.source = std::move(in.source);
    res.external_ref = std::move(in.external_ref);
    if (in.referral) check_region(in);
    if (!in.referral) {
      res.outcome = Outcome::kInvalid;
      res.errors = std::move(in.errors);
      return res;
    }
    const Referral& r = *in.referral;
    if (!dry_run && !tx) tx.emplace(st);
    if (auto existing = st.case_by_ref(r.region, *r.external_ref)) {
      res.outcome = Outcome::kDuplicate;
      res.case_id = existing;
      return res;
    }
    if (dry_run && st.dry_run_seen(r.region, *r.external_ref)) {
      res.outcome = Outcome::kDuplicate;
      return res;
    }
    Screening s = ifg::screen(r, rules);
    if (dry_run)
      st.dry_run_add(r.region, *r.external_ref);
    else
      res.case_id = register_case(r, s, at);
    res.outcome = s.outcome;
    res.ruleset = s.ruleset;
    res.criteria = std::move(s.criteria);
    res.warnings = std::move(s.warnings);
    return res;
  }

  /// A record of a region the actor's partner does not serve is invalid.
  void check_region(RecordInput& in) {
    detail::Subject region;
    region.region = in.referral->region;
    const auto access = detail::decide_access(who, detail::Operation::kRegister, region);
    if (access.allowed) return;
    in.errors.push_back({"region", access.rule});
    in.referral.reset();
  }

  std::string register_case(const Referral& r, const Screening& s, const std::string& at) {
    if (!chunk) chunk = st.audit().begin_chunk();
    detail::NewCase c;
    c.id = st.next_case_id(r.region, r.received.year);
    c.referral = &r;
    c.referral_json = to_json(r);
    c.status = CaseStatus::kScreened;
    c.outcome = s.outcome;
    c.ruleset = s.ruleset;
    c.screening_json = detail::encode_screening(s);
    c.at = at;
    c.actor = who.pro.id;
    c.batch = {*chunk, ++records};
    st.insert_case(c);
    st.audit().add_record(*chunk, records, c.id, *r.external_ref, s.outcome);
    return c.id;
  }
};

/// Hands a committed chunk's results out, in input order, and counts them.
void hand_out(const std::vector<ScreenResult>& results, BatchSummary& summary,
              const std::function<void(const ScreenResult&)>& on_result) {
  for (const auto& r : results) {
    ++summary.by_outcome[static_cast<std::size_t>(r.outcome)];
    ++summary.records;
    if (on_result) on_result(r);
  }
}

}  // namespace

BatchSummary Service::screen_batch(const std::optional<std::string>& actor, ReferralReader& reader,
                                   const BatchOptions& options,
                                   const std::function<void(const ScreenResult&)>& on_result) {
  return impl_->guard([&] {
    const auto started = Clock::now();
    const detail::Actor who = impl_->actor(actor);
    impl_->require(who, detail::Operation::kScreenBatch, detail::Subject{});
    const RuleSet rules(impl_->params());  // its version computed once for the batch
    if (options.dry_run) impl_->store.dry_run_begin();
    ChunkStore chunks{impl_->store, who, rules, options.dry_run, {}, {}, 0};
    const auto chunk = static_cast<std::size_t>(std::max(1, options.chunk_size));
    BatchSummary summary;
    bool at_end = false;
    // With read_ahead, the next chunk is read on a second thread while this
    // one stores the current chunk. Only this thread touches the database, and
    // only one thread at a time touches the reader (get() orders them).
    std::future<std::vector<RecordInput>> ahead;
    for (;;) {
      auto inputs = ahead.valid() ? ahead.get() : read_chunk(reader, chunk, at_end);
      if (inputs.empty()) break;
      if (options.read_ahead && !at_end)
        ahead =
            std::async(std::launch::async, read_chunk, std::ref(reader), chunk, std::ref(at_end));
      const auto results = chunks.store(inputs, impl_->now_text());
      hand_out(results, summary, on_result);  // only now, with the chunk durable
      if (options.on_commit) options.on_commit();
      if (!ahead.valid() && at_end) break;  // (no reader thread runs: at_end is ours)
    }
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary;
  });
}

}  // namespace ifg

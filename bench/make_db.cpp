// SPDX-License-Identifier: EUPL-1.2
// make_db: builds a large, realistic case database for the report benchmarks,
// through the public ifg::Service API only (what a user of libifg can do).
//
//   make_db --config examples/flanders.toml --referrals referrals.jsonl --out cases.db
//
// The referrals (bench/generate, JSONL, `received` non-decreasing) are screened
// day by day, in one batch per received date, by the Flanders-wide coordinator,
// with the clock (ServiceOptions::clock) set to that day. Each screened case
// then gets a deterministic (--seed) future: the team's decision a few days
// later (60% of eligible cases accepted, a few refused, a few non-eligible ones
// accepted with --override), a case meeting (for 90%), 1-4 actions with due
// dates, a director, the plan activated (only after a meeting), actions
// started, done or cancelled, a director reassigned now and then, and most
// plans closed after their actions end. The
// region's coordinator decides, records the meeting, adds the actions and
// assigns the director; the director activates and closes the plan; each action
// holder updates their own actions. All these steps run in time order,
// interleaved with the later days' screening, so every timestamp, the audit
// trail's order and the overdue actions are what two years of real use would
// leave. Steps that fall after --now are not taken: recent cases are still open.
//
// The database is built in --work-dir (default /dev/shm, where a commit's fsync
// costs nothing) and copied to --out when complete.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/model.h"
#include "ifg/service.h"
#include "ifg/version.h"
#include "ifg/workflow.h"

namespace fs = std::filesystem;

namespace {

constexpr ifg::Timestamp kDay = 86400;

/// A small deterministic generator (splitmix64), so the database is the same
/// for a seed whatever the standard library's distributions do.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  /// True with probability p.
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  /// An index drawn with the given weights.
  template <std::size_t N>
  std::size_t weighted(const std::array<int, N>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    std::int64_t r = between(0, total - 1);
    for (std::size_t i = 0; i < N; ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return N - 1;
  }

 private:
  std::uint64_t state_;
};

/// The professionals of one region that the simulated team works with.
struct Team {
  std::string coordinator;
  std::string director;
  std::string member;
};

const std::array<std::string, 9> kDomains{"housing",   "finances", "social",
                                          "mental",    "physical", "substance_use",
                                          "parenting", "justice",  "work_education"};

enum class Step {
  kDecide,
  kMeeting,
  kAddAction,
  kAssignDirector,
  kActivate,
  kActionStatus,
  kClose,
};
constexpr std::size_t kStepCount = 7;
const std::array<const char*, kStepCount> kStepNames{
    "decide",        "add_meeting",       "add_action", "assign_director",
    "activate_plan", "set_action_status", "close"};

/// One thing the simulated team does to a case at a moment.
struct Task {
  ifg::Timestamp at = 0;
  std::uint64_t seq = 0;  // ties keep the order they were planned in
  Step step = Step::kDecide;
  std::shared_ptr<const std::string> case_id;
  std::string actor;
  // Step-specific values.
  bool accept = false;
  bool override_outcome = false;
  int number = 0;  // action number
  std::string who;
  std::string domain;
  std::optional<ifg::Date> due;
  ifg::ActionStatus status = ifg::ActionStatus::kOpen;
  ifg::ClosureReason reason = ifg::ClosureReason::kGoalsReached;
  std::vector<std::string> attendees;
  ifg::LegalBasis basis = ifg::LegalBasis::kDecree;

  bool operator>(const Task& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

/// A moment during office hours (08:00-17:00 UTC) of the day `days` after `t`'s
/// day; always after `t` (on the same day, within the hour after it).
ifg::Timestamp office_time(Rng& rng, ifg::Timestamp t, std::int64_t days) {
  const ifg::Timestamp day = (t / kDay + days) * kDay;
  const ifg::Timestamp at = day + 8 * 3600 + rng.between(0, 9 * 3600 - 1);
  return at > t ? at : t + rng.between(60, 3600);
}

ifg::Date date_of(ifg::Timestamp t) {
  return ifg::Date::from_days_since_epoch(t / kDay);
}

/// Plans the future of one screened case: every step at its moment.
class Planner {
 public:
  Planner(std::uint64_t seed, std::vector<Task>& out) : rng_(seed), out_(out) {}

  void plan(const std::string& case_id, ifg::Outcome outcome, ifg::Timestamp screened,
            const Team& team) {
    auto id = std::make_shared<const std::string>(case_id);
    const double u = static_cast<double>(rng_.next() >> 11) * 0x1.0p-53;
    bool accept = false, refuse = false, override_outcome = false;
    switch (outcome) {
      case ifg::Outcome::kEligible:
        accept = u < 0.60;
        refuse = !accept && u < 0.66;
        break;
      case ifg::Outcome::kIncomplete:
        accept = override_outcome = u < 0.03;
        refuse = !accept && u < 0.15;
        break;
      case ifg::Outcome::kNotEligible:
        accept = override_outcome = u < 0.01;
        refuse = !accept && u < 0.30;
        break;
      case ifg::Outcome::kInadmissible:
        refuse = u < 0.35;
        break;
      default:
        return;
    }
    if (!accept && !refuse) return;  // still waiting for the team
    ifg::Timestamp t = office_time(rng_, screened, rng_.between(2, 14));
    Task decide = task(t, Step::kDecide, id, team.coordinator);
    decide.accept = accept;
    decide.override_outcome = override_outcome;
    push(std::move(decide));
    if (!accept) return;

    // Steps 2-4. A few cases stop early: the family will not cooperate.
    const bool early_stop = rng_.chance(0.03);
    const bool meeting = rng_.chance(0.9);
    if (meeting) {
      t = office_time(rng_, t, rng_.between(3, 21));
      Task m = task(t, Step::kMeeting, id, team.coordinator);
      m.attendees = {team.coordinator, team.director};
      if (rng_.chance(0.7)) m.attendees.push_back(team.member);
      m.basis =
          std::array{ifg::LegalBasis::kDecree, ifg::LegalBasis::kClientConsent,
                     ifg::LegalBasis::kProsecutorConsent}[rng_.weighted(std::array{80, 15, 5})];
      push(std::move(m));
    } else {
      t = office_time(rng_, t, rng_.between(2, 10));
    }
    if (early_stop) {
      Task c = task(office_time(rng_, t, rng_.between(5, 40)), Step::kClose, id, team.coordinator);
      c.reason = ifg::ClosureReason::kNoCooperation;
      push(std::move(c));
      return;
    }

    const int actions = 1 + static_cast<int>(rng_.weighted(std::array{25, 35, 25, 15}));
    const ifg::Date plan_day = date_of(t);
    std::vector<std::string> holders;
    for (int n = 1; n <= actions; ++n) {
      t += rng_.between(60, 900);
      Task a = task(t, Step::kAddAction, id, team.coordinator);
      a.number = n;
      a.domain = kDomains[rng_.next() % kDomains.size()];
      const std::array<const std::string*, 3> who{&team.director, &team.member, &team.coordinator};
      a.who = *who[rng_.weighted(std::array{50, 25, 25})];
      holders.push_back(a.who);
      if (rng_.chance(0.9))
        a.due =
            ifg::Date::from_days_since_epoch(plan_day.days_since_epoch() + rng_.between(14, 120));
      push(std::move(a));
    }
    if (rng_.chance(0.05)) return;  // no director yet: stays in analysis

    t = office_time(rng_, t, rng_.between(0, 7));
    Task d = task(t, Step::kAssignDirector, id, team.coordinator);
    d.who = rng_.chance(0.8) ? team.director : team.coordinator;
    std::string director = d.who;
    push(std::move(d));
    // A plan starts only after a case meeting was held (issue 13): without
    // one, the case waits with its director.
    if (!meeting) return;
    // From here the case director steers the plan, and each holder updates their actions.
    t = office_time(rng_, t, rng_.between(0, 3));
    push(task(t, Step::kActivate, id, director));
    const ifg::Timestamp activated = t;

    // The actions run; a plan that will be closed sees each of them end.
    const bool closing = rng_.chance(0.6);
    ifg::Timestamp last_end = activated;
    for (int n = 1; n <= actions; ++n) {
      if (!closing && !rng_.chance(0.7)) continue;  // not started (yet)
      ifg::Timestamp s = office_time(rng_, activated, rng_.between(1, 30));
      Task p = task(s, Step::kActionStatus, id, holders[n - 1]);
      p.number = n;
      p.status = ifg::ActionStatus::kInProgress;
      push(std::move(p));
      if (!closing && !rng_.chance(0.75)) continue;  // still in progress
      s = office_time(rng_, s, rng_.between(7, 90));
      Task e = task(s, Step::kActionStatus, id, holders[n - 1]);
      e.number = n;
      e.status = rng_.chance(0.92) ? ifg::ActionStatus::kDone : ifg::ActionStatus::kCancelled;
      push(std::move(e));
      last_end = std::max(last_end, s);
    }
    if (rng_.chance(0.05)) {  // the director changes hands once
      Task r = task(office_time(rng_, activated, rng_.between(20, 60)), Step::kAssignDirector, id,
                    team.coordinator);
      r.who = director = director == team.director ? team.coordinator : team.director;
      last_end = std::max(last_end, r.at);
      push(std::move(r));
    }
    if (!closing) return;
    Task c = task(office_time(rng_, last_end, rng_.between(3, 30)), Step::kClose, id, director);
    c.reason = std::array{ifg::ClosureReason::kGoalsReached, ifg::ClosureReason::kReferredRegular,
                          ifg::ClosureReason::kNoCooperation, ifg::ClosureReason::kMoved,
                          ifg::ClosureReason::kOther}[rng_.weighted(std::array{60, 20, 10, 7, 3})];
    push(std::move(c));
  }

 private:
  Task task(ifg::Timestamp at, Step step, const std::shared_ptr<const std::string>& id,
            const std::string& actor) {
    Task t;
    t.at = at;
    t.step = step;
    t.case_id = id;
    t.actor = actor;
    return t;
  }
  void push(Task t) {
    t.seq = seq_++;
    out_.push_back(std::move(t));
  }

  Rng rng_;
  std::vector<Task>& out_;
  std::uint64_t seq_ = 0;
};

/// The teams by region: the region's own coordinator, a director who does not
/// coordinate, and a member without the director role, each of a partner that
/// serves that region only.
std::map<std::string, Team> teams_of(const ifg::Config& config) {
  std::map<std::string, std::vector<std::string>> served_by;  // partner -> regions
  for (const auto& p : config.partners) served_by[p.id] = p.regions;
  std::map<std::string, Team> teams;
  for (const auto& r : config.regions) teams[r.code];
  for (const auto& pro : config.professionals) {
    const auto& regions = served_by[pro.partner];
    if (!pro.active || regions.size() != 1 || !teams.count(regions[0])) continue;
    Team& team = teams[regions[0]];
    const bool coord = pro.has_role(ifg::Role::kCoordinator);
    const bool dir = pro.has_role(ifg::Role::kDirector);
    if (coord && team.coordinator.empty()) team.coordinator = pro.id;
    if (!coord && dir && team.director.empty()) team.director = pro.id;
    if (!dir && pro.has_role(ifg::Role::kMember) && team.member.empty()) team.member = pro.id;
  }
  for (const auto& [code, team] : teams)
    if (team.coordinator.empty() || team.director.empty() || team.member.empty())
      throw std::runtime_error("region " + code + " of " + config.source +
                               " needs a coordinator, a director and a member of a partner "
                               "serving that region only");
  return teams;
}

/// The Flanders-wide coordinator: one whose partner serves every region.
std::string batch_actor(const ifg::Config& config) {
  for (const auto& pro : config.professionals) {
    if (!pro.active || !pro.has_role(ifg::Role::kCoordinator)) continue;
    for (const auto& p : config.partners)
      if (p.id == pro.partner && p.regions.size() == config.regions.size()) return pro.id;
  }
  throw std::runtime_error(config.source + " has no coordinator whose partner serves every region");
}

/// The `received` date of a JSONL line as bench/generate writes it, if readable.
std::optional<ifg::Date> received_of(const std::string& line) {
  auto pos = line.find("\"received\"");
  if (pos == std::string::npos) return std::nullopt;
  pos = line.find('"', line.find(':', pos + 10));
  if (pos == std::string::npos || pos + 11 > line.size()) return std::nullopt;
  return ifg::Date::parse(std::string_view(line).substr(pos + 1, 10));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Counts {
  long cases = 0;
  std::array<long, ifg::kOutcomeCount> by_outcome{};
  std::array<long, kStepCount> steps{};
  std::array<long, kStepCount> failed{};
  std::array<double, kStepCount> seconds{};  // time spent in each kind of step
  double screen_seconds = 0;                 // time spent in screen_batch
  std::string first_failure;
};

class Builder {
 public:
  Builder(ifg::Service& service, ifg::Timestamp& now, const ifg::Config& config, std::uint64_t seed)
      : service_(service),
        now_(now),
        teams_(teams_of(config)),
        batch_actor_(batch_actor(config)),
        planner_(seed, planned_) {}

  /// Screens one day's referrals (a JSONL file) at `at`, and plans their futures.
  void screen_day(const fs::path& file, ifg::Timestamp at) {
    run_until(at);
    now_ = at;
    ifg::ReferralReader reader(file.string(), ifg::InputFormat::kJsonl, service_.catalog(),
                               ifg::ReadMode::kBatch);
    ifg::BatchOptions options;
    options.chunk_size = 5000;
    const auto started = std::chrono::steady_clock::now();
    service_.screen_batch(batch_actor_, reader, options, [&](const ifg::ScreenResult& r) {
      ++counts_.by_outcome[static_cast<std::size_t>(r.outcome)];
      if (!r.case_id) return;
      ++counts_.cases;
      const std::string region = r.case_id->substr(0, r.case_id->find('-'));
      planner_.plan(*r.case_id, r.outcome, at, teams_.at(region));
    });
    counts_.screen_seconds += seconds_since(started);
    for (auto& t : planned_) queue_.push(std::move(t));
    planned_.clear();
  }

  /// Takes every planned step up to `until`, in time order.
  void run_until(ifg::Timestamp until) {
    while (!queue_.empty() && queue_.top().at <= until) {
      Task t = queue_.top();
      queue_.pop();
      now_ = t.at;
      run(t);
    }
  }

  const Counts& counts() const { return counts_; }
  std::size_t pending() const { return queue_.size(); }

 private:
  void run(const Task& t) {
    const auto i = static_cast<std::size_t>(t.step);
    const std::string& id = *t.case_id;
    const std::optional<std::string> actor = t.actor;
    const auto started = std::chrono::steady_clock::now();
    try {
      switch (t.step) {
        case Step::kDecide:
          service_.decide(actor, id, t.accept,
                          t.accept ? "Synthetic benchmark case: the team takes it on"
                                   : "Synthetic benchmark case: regular help suffices",
                          t.override_outcome);
          break;
        case Step::kMeeting: {
          ifg::MeetingInput m;
          m.date = date_of(t.at);
          m.attendees = t.attendees;
          m.basis = t.basis;
          m.purpose = "Synthetic benchmark meeting: analyse the situation, draw up the plan";
          service_.add_meeting(actor, id, m);
          break;
        }
        case Step::kAddAction:
          service_.add_action(actor, id, "Synthetic benchmark action " + std::to_string(t.number),
                              t.domain, t.who, t.due);
          break;
        case Step::kAssignDirector:
          service_.assign_director(actor, id, t.who, std::nullopt);
          break;
        case Step::kActivate:
          service_.activate_plan(actor, id);
          break;
        case Step::kActionStatus:
          service_.set_action_status(actor, id, t.number, t.status, std::nullopt);
          break;
        case Step::kClose:
          service_.close(actor, id, t.reason,
                         t.reason == ifg::ClosureReason::kOther
                             ? std::optional<std::string>("Synthetic benchmark closure")
                             : std::nullopt);
          break;
      }
      ++counts_.steps[i];
      counts_.seconds[i] += seconds_since(started);
    } catch (const ifg::Error& e) {
      if (e.code() == ifg::ErrorCode::kStorage || e.code() == ifg::ErrorCode::kInternal) throw;
      if (counts_.first_failure.empty())
        counts_.first_failure = std::string(kStepNames[i]) + " " + id + ": " + e.what();
      ++counts_.failed[i];
    }
  }

  ifg::Service& service_;
  ifg::Timestamp& now_;
  std::map<std::string, Team> teams_;
  std::string batch_actor_;
  std::vector<Task> planned_;
  Planner planner_;
  std::priority_queue<Task, std::vector<Task>, std::greater<>> queue_;
  Counts counts_;
};

void remove_db(const fs::path& db) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix, ec);
}

int build(const std::string& config_path, const std::string& referrals, const fs::path& out,
          const fs::path& work_dir, const std::string& now_text, std::uint64_t seed, bool quiet) {
  const auto started = std::chrono::steady_clock::now();
  const auto end = ifg::parse_timestamp(now_text);
  if (!end) throw std::runtime_error("--now: not an ISO date-time: " + now_text);
  const ifg::Config config = ifg::load_config(config_path);

  std::ifstream in(referrals);
  if (!in) throw std::runtime_error("cannot read " + referrals);
  const fs::path work = work_dir / ("ifg-make-db-" + std::to_string(::getpid()) + ".db");
  const fs::path day_file = work_dir / ("ifg-make-db-" + std::to_string(::getpid()) + ".jsonl");
  remove_db(work);

  ifg::Timestamp now = *end;
  long lines = 0;
  {
    ifg::ServiceOptions options;
    options.db_path = work.string();
    options.create = true;
    options.clock = [&now] { return now; };
    ifg::Service service(options);

    // The configuration is loaded a day before the first referral.
    std::string line;
    std::optional<ifg::Date> first;
    while (!first && std::getline(in, line)) first = received_of(line);
    if (!first) throw std::runtime_error(referrals + ": no record with a readable received date");
    now = (first->days_since_epoch() - 1) * kDay + 9 * 3600;
    service.init(config, std::nullopt);
    Builder builder(service, now, config, seed);

    // One batch per received date, screened at 17:00 UTC that day. A record whose
    // date is unreadable, earlier than the day's or after --now (an invalid
    // record) goes with the day being collected.
    const ifg::Date last_day = ifg::brussels_date(*end);
    ifg::Date day = *first;
    std::ofstream batch(day_file, std::ios::trunc);
    long in_batch = 0;
    auto flush = [&] {
      batch.close();
      if (in_batch > 0)
        builder.screen_day(day_file, std::min(*end, day.days_since_epoch() * kDay + 17 * 3600));
      batch.open(day_file, std::ios::trunc);
      in_batch = 0;
    };
    long next_report = 0;
    do {
      if (line.empty()) continue;
      ++lines;
      const auto received = received_of(line);
      if (received && *received > day && *received <= last_day) {
        flush();
        day = *received;
        if (!quiet && lines >= next_report) {
          std::cerr << "make_db: " << day.to_string() << ", " << lines << " records read, "
                    << builder.counts().cases << " cases, " << builder.pending()
                    << " steps planned, " << static_cast<long>(seconds_since(started)) << " s\n";
          next_report = lines + 100000;
        }
      }
      batch << line << '\n';
      ++in_batch;
    } while (std::getline(in, line));
    flush();
    batch.close();
    fs::remove(day_file);
    builder.run_until(*end);

    const Counts& c = builder.counts();
    std::cerr << "make_db: " << lines << " records, " << c.cases << " cases (eligible "
              << c.by_outcome[0] << ", incomplete " << c.by_outcome[1] << ", not eligible "
              << c.by_outcome[2] << ", inadmissible " << c.by_outcome[3] << ", invalid "
              << c.by_outcome[4] << ", duplicate " << c.by_outcome[5] << ")\n";
    std::cerr << "make_db: screening " << static_cast<long>(c.screen_seconds)
              << " s; workflow steps:";
    long failed = 0, taken = 0;
    for (std::size_t i = 0; i < kStepCount; ++i) {
      std::cerr << ' ' << kStepNames[i] << ' ' << c.steps[i] << " ("
                << static_cast<long>(c.seconds[i]) << " s)";
      taken += c.steps[i];
      failed += c.failed[i];
    }
    std::cerr << "; " << builder.pending() << " planned after " << now_text << " not taken\n";
    if (failed > 0) {
      std::cerr << "make_db: " << failed << " steps refused; the first: " << c.first_failure
                << '\n';
      if (failed * 100 > taken) return 1;
    }
  }  // the last connection closes: the WAL is checkpointed into the file

  const fs::path tmp = out.string() + ".tmp";
  remove_db(tmp);
  fs::copy_file(work, tmp, fs::copy_options::overwrite_existing);
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write);
  fs::rename(tmp, out);
  remove_db(work);
  std::cerr << "make_db: wrote " << out.string() << " (" << fs::file_size(out) / (1024 * 1024)
            << " MiB) in " << static_cast<long>(seconds_since(started)) << " s\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Builds a case database for the report benchmarks from generated referrals "
      "(bench/generate), through the ifg::Service API"};
  std::string config = "examples/flanders.toml";
  std::string referrals;
  std::string out;
  std::string work_dir = "/dev/shm";
  std::string now = "2026-11-28T12:00:00Z";
  std::uint64_t seed = 1;
  bool quiet = false;
  app.add_option("--config", config, "the region configuration")->capture_default_str();
  app.add_option("--referrals", referrals, "a JSONL file of bench/generate")->required();
  app.add_option("--out", out, "the database to write (replaced)")->required();
  app.add_option("--work-dir", work_dir, "where the database is built")->capture_default_str();
  app.add_option("--now", now, "the end of the simulated period: steps after it are not taken")
      ->capture_default_str();
  app.add_option("--seed", seed, "for the workflow's choices")->capture_default_str();
  app.add_flag("--quiet", quiet, "no progress on stderr");
  app.set_version_flag("--version", std::string("make_db (ifg ") + ifg::version() + ")");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    return build(config, referrals, out, work_dir, now, seed, quiet);
  } catch (const ifg::Error& e) {
    std::cerr << "make_db: " << e.what() << '\n';
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "make_db: " << e.what() << '\n';
    return 1;
  }
}

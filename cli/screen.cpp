// ifg screen CASE | ifg screen --batch FILE [--input-format F] [--dry-run]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "common.h"
#include "ifg/error.h"

namespace ifg::cli {

namespace {

struct ScreenOptions {
  std::string case_id;
  std::string batch;
  std::string input_format;
  bool dry_run = false;
  int chunk_size = 1000;
};

OutputFormat to_output(const std::string& f) {
  return parse_output_format(f).value_or(OutputFormat::kText);
}

std::string summary_line(const BatchSummary& s, bool dry_run) {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s, %.0f records/s", s.seconds, s.per_second());
  std::string line = std::string(dry_run ? "dry run (nothing stored): " : "") + "screened " +
                     std::to_string(s.records) + " records in " + rate + ":";
  for (int i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    line += (i ? ", " : " ") + std::to_string(s.count(o)) + " " + std::string(to_string(o));
  }
  return line;
}

void run_batch(const ScreenOptions& opts) {
  const std::string format = output_format("screen --batch", {"text", "json", "jsonl", "csv"});
  Service service = open_service();
  service.require_actor(globals().actor);
  ReferralReader reader(opts.batch, input_format(opts.input_format), service.catalog(),
                        ReadMode::kBatch);
  ResultWriter writer(std::cout, to_output(format), /*batch=*/true);
  const bool progress = !globals().quiet && ::isatty(STDERR_FILENO);
  auto last = std::chrono::steady_clock::now();
  long seen = 0;
  writer.begin();
  BatchOptions bo;
  bo.dry_run = opts.dry_run;
  bo.chunk_size = opts.chunk_size;
  const BatchSummary summary =
      service.screen_batch(globals().actor, reader, bo, [&](const ScreenResult& r) {
        writer.write(r);
        ++seen;
        if (progress && std::chrono::steady_clock::now() - last > std::chrono::milliseconds(200)) {
          last = std::chrono::steady_clock::now();
          std::cerr << "\r" << seen << " records screened..." << std::flush;
        }
      });
  if (progress) std::cerr << "\r\033[K";
  writer.end(summary);
  note(summary_line(summary, opts.dry_run));
  if (summary.count(Outcome::kInvalid) > 0)
    throw Error(ErrorCode::kInvalidInput,
                std::to_string(summary.count(Outcome::kInvalid)) +
                    " records are invalid (see their errors); the valid ones were " +
                    (opts.dry_run ? "checked but not stored (dry run)" : "stored") +
                    ". Fix the invalid records and run the batch again: stored records come "
                    "back as duplicates, nothing is registered twice");
}

void run_screen(const ScreenOptions& opts) {
  if (!opts.batch.empty()) {
    if (!opts.case_id.empty())
      throw Error(ErrorCode::kUsage, "give a case id or --batch FILE, not both");
    run_batch(opts);
    return;
  }
  if (opts.case_id.empty())
    throw Error(ErrorCode::kUsage, "give a case id (ifg screen ANT-2026-0042) or --batch FILE");
  if (opts.dry_run) throw Error(ErrorCode::kUsage, "--dry-run goes with --batch only");
  const std::string format = output_format("screen", {"text", "json", "jsonl", "csv"});
  Service service = open_service();
  const ScreenResult r = service.screen(globals().actor, opts.case_id);
  ResultWriter writer(std::cout, to_output(format), /*batch=*/false);
  writer.begin();
  writer.write(r);
  writer.end(std::nullopt);
}

}  // namespace

void setup_screen(CLI::App& app) {
  auto opts = std::make_shared<ScreenOptions>();
  auto* cmd = app.add_subcommand("screen", "screen a stored case, or register and screen a batch");
  cmd->add_option("case", opts->case_id, "the case id, e.g. ANT-2026-0042");
  cmd->add_option("--batch", opts->batch, "a referral file (.jsonl .ndjson .json .toml .csv, or -)");
  cmd->add_option("--input-format", opts->input_format, "jsonl, json, toml or csv (needed for -)");
  cmd->add_flag("--dry-run", opts->dry_run, "report what a batch would do, store nothing");
  cmd->add_option("--chunk-size", opts->chunk_size, "records per committed chunk (default 1000)")
      ->check(CLI::Range(1, 1000000));
  cmd->callback([opts] { run_screen(*opts); });
}

}  // namespace ifg::cli

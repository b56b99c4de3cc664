// ifg screen CASE | ifg screen --batch FILE [--input-format F] [--dry-run]
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

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
  std::string line = fmt::format(
      "{}{} records in {:.2f} s ({:.0f} records/s):", dry_run ? "dry run, nothing stored: " : "",
      s.records, s.seconds, s.per_second());
  for (int i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    line += fmt::format("{} {} {}", i ? "," : "", s.count(o), to_string(o));
  }
  return line;
}

void run_batch(const GlobalOptions& g, const ScreenOptions& opts) {
  const std::string format = output_format(g, "screen --batch", {"text", "json", "jsonl", "csv"});
  Service service = open_service(g);
  service.require_actor(g.actor);
  ReferralReader reader(opts.batch, input_format(opts.input_format), service.catalog(),
                        ReadMode::kBatch);
  // Results are collected per chunk and written whole once the chunk is
  // committed, so stdout holds whole lines that name stored cases, even when
  // the run is killed.
  std::ostringstream chunk;
  ResultWriter writer(chunk, to_output(format), /*batch=*/true);
  const bool progress = !g.quiet && ::isatty(STDERR_FILENO);
  auto last = std::chrono::steady_clock::now();
  long seen = 0;
  auto write_out = [&] {
    std::cout << chunk.str() << std::flush;
    chunk.str("");
  };
  writer.begin();
  BatchOptions bo;
  bo.dry_run = opts.dry_run;
  bo.chunk_size = opts.chunk_size;
  struct stat st {};
  bo.read_ahead = opts.batch != "-" && ::stat(opts.batch.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  bo.on_commit = [&] {
    write_out();
    if (progress && std::chrono::steady_clock::now() - last > std::chrono::milliseconds(200)) {
      last = std::chrono::steady_clock::now();
      std::cerr << "\r" << seen << " records screened..." << std::flush;
    }
  };
  const BatchSummary summary =
      service.screen_batch(g.actor, reader, bo, [&](const ScreenResult& r) {
        writer.write(r);
        ++seen;
      });
  if (progress) std::cerr << "\r\033[K";
  writer.end(summary);
  write_out();
  note(g, summary_line(summary, opts.dry_run));
  if (const long invalid = summary.count(Outcome::kInvalid); invalid > 0)
    throw Error(ErrorCode::kInvalidInput,
                fmt::format("{} of {} records {} invalid (see {} errors in the results); {}. "
                            "Correct {} and run the same batch again: records already stored "
                            "come back as duplicate, nothing is registered twice",
                            invalid, summary.records, invalid == 1 ? "is" : "are",
                            invalid == 1 ? "its" : "their",
                            opts.dry_run ? "this was a dry run, nothing was stored"
                                         : "the valid records were processed",
                            invalid == 1 ? "it" : "them"));
}

void run_screen(const GlobalOptions& g, const ScreenOptions& opts) {
  if (!opts.batch.empty()) {
    if (!opts.case_id.empty())
      throw Error(ErrorCode::kUsage, "give a case id or --batch FILE, not both");
    run_batch(g, opts);
    return;
  }
  if (opts.case_id.empty())
    throw Error(ErrorCode::kUsage, "give a case id (ifg screen ANT-2026-0042) or --batch FILE");
  if (opts.dry_run) throw Error(ErrorCode::kUsage, "--dry-run goes with --batch only");
  const std::string format = output_format(g, "screen", {"text", "json", "jsonl", "csv"});
  Service service = open_service(g);
  const ScreenResult r = service.screen(g.actor, opts.case_id);
  ResultWriter writer(std::cout, to_output(format), /*batch=*/false);
  writer.begin();
  writer.write(r);
  writer.end(std::nullopt);
}

}  // namespace

void setup_screen(CLI::App& app, const GlobalOptions& g) {
  auto opts = std::make_shared<ScreenOptions>();
  auto* cmd = app.add_subcommand("screen", "screen a stored case, or register and screen a batch");
  cmd->add_option("case", opts->case_id, "the case id, e.g. ANT-2026-0042");
  cmd->add_option("--batch", opts->batch,
                  "a referral file (.jsonl .ndjson .json .toml .csv, or -)");
  cmd->add_option("--input-format", opts->input_format, "jsonl, json, toml or csv (needed for -)");
  cmd->add_flag("--dry-run", opts->dry_run, "report what a batch would do, store nothing");
  cmd->add_option("--chunk-size", opts->chunk_size, "records per committed chunk (default 1000)")
      ->check(CLI::Range(1, 1000000));
  cmd->callback([opts, &g] { run_screen(g, *opts); });
}

}  // namespace ifg::cli

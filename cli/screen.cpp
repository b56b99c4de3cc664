// SPDX-License-Identifier: EUPL-1.2
// ifg screen CASE | ifg screen --batch FILE [--region R] [--input-format F] [--dry-run]
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "common.h"
#include "complete.h"
#include "i18n.h"
#include "ifg/error.h"

namespace ifg::cli {

namespace {

struct ScreenOptions {
  std::string case_id;
  std::string batch;
  std::string input_format;
  std::optional<std::string> region;
  bool dry_run = false;
  int chunk_size = 1000;
};

OutputFormat to_output(const std::string& f) {
  return parse_output_format(f).value_or(OutputFormat::kText);
}

std::string summary_line(const BatchSummary& s, bool dry_run) {
  std::string line =
      dry_run
          ? trf("dry run, nothing stored: {} records in {:.2f} s ({:.0f} records/s):", s.records,
                s.seconds, s.per_second())
          : trf("{} records in {:.2f} s ({:.0f} records/s):", s.records, s.seconds, s.per_second());
  for (int i = 0; i < kOutcomeCount; ++i) {
    const auto o = static_cast<Outcome>(i);
    line += fmt::format("{} {} {}", i ? "," : "", s.count(o), to_string(o));
  }
  return line;
}

/// A batch's results on stdout: collected per chunk and written whole once the
/// chunk is committed, so stdout holds whole lines that name stored cases,
/// even when the run is killed; and a progress line on a terminal.
class BatchOutput {
 public:
  BatchOutput(OutputFormat format, bool progress)
      : writer_(chunk_, format, true), progress_(progress) {
    writer_.begin();
  }
  void result(const ScreenResult& r) {
    writer_.write(r);
    ++seen_;
  }
  /// After each commit: the chunk's lines, then the progress at most 5 times a second.
  void committed() {
    flush();
    if (!progress_ || Clock::now() - last_ < std::chrono::milliseconds(200)) return;
    last_ = Clock::now();
    std::cerr << "\r" << trf("{} records screened...", seen_) << std::flush;
  }
  void end(const BatchSummary& summary) {
    if (progress_) std::cerr << "\r\033[K";
    writer_.end(summary);
    flush();
  }

 private:
  using Clock = std::chrono::steady_clock;
  void flush() {
    std::cout << chunk_.str() << std::flush;
    chunk_.str("");
  }
  std::ostringstream chunk_;
  ResultWriter writer_;
  bool progress_;
  Clock::time_point last_ = Clock::now();
  long seen_ = 0;
};

/// Exit 5 when any record is invalid: the valid ones were processed.
void check_invalid(const BatchSummary& summary, bool dry_run) {
  const long invalid = summary.count(Outcome::kInvalid);
  if (invalid == 0) return;
  const char* text = tr_plural(
      "{} of {} records is invalid (see its errors in the results); {}. Correct it and run the "
      "same batch again: records already stored come back as duplicate, nothing is registered "
      "twice",
      "{} of {} records are invalid (see their errors in the results); {}. Correct them and run "
      "the same batch again: records already stored come back as duplicate, nothing is "
      "registered twice",
      static_cast<unsigned long>(invalid));
  const char* done = dry_run ? tr("this was a dry run, nothing was stored")
                             : tr("the valid records were processed");
  throw Error(ErrorCode::kInvalidInput,
              fmt::format(fmt::runtime(text), invalid, summary.records, done));
}

void run_batch(const GlobalOptions& g, const ScreenOptions& opts) {
  const std::string format = output_format(g, "screen --batch");
  Service service = open_service(g);
  service.require_actor(g.actor, "screen --batch");
  ReferralReader reader(opts.batch, input_format(opts.input_format), service.catalog(),
                        ReadMode::kBatch, excel_csv(g) ? CsvDialect::kExcel : CsvDialect::kRfc4180);
  BatchOutput output(to_output(format), !g.quiet && ::isatty(STDERR_FILENO));
  BatchOptions bo;
  bo.dry_run = opts.dry_run;
  bo.region = opts.region;
  bo.chunk_size = opts.chunk_size;
  struct stat st {};
  bo.read_ahead = opts.batch != "-" && ::stat(opts.batch.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  bo.on_commit = [&] { output.committed(); };
  const BatchSummary summary =
      service.screen_batch(g.actor, reader, bo, [&](const ScreenResult& r) { output.result(r); });
  output.end(summary);
  note(g, summary_line(summary, opts.dry_run));
  check_invalid(summary, opts.dry_run);
}

void run_screen(const GlobalOptions& g, const ScreenOptions& opts) {
  if (!opts.batch.empty()) {
    if (!opts.case_id.empty())
      throw Error(ErrorCode::kUsage, tr("give a case id or --batch FILE, not both"));
    run_batch(g, opts);
    return;
  }
  if (opts.case_id.empty())
    throw Error(ErrorCode::kUsage, tr("give a case id (ifg screen ANT-2026-0042) or --batch FILE"));
  if (opts.dry_run) throw Error(ErrorCode::kUsage, tr("--dry-run goes with --batch only"));
  if (opts.region) throw Error(ErrorCode::kUsage, tr("--region goes with --batch only"));
  const std::string format = output_format(g, "screen");
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
  auto* cmd =
      app.add_subcommand("screen", tr("screen a stored case, or register and screen a batch"));
  cmd->add_option("case", opts->case_id, tr("the case id, e.g. ANT-2026-0042"));
  complete_files(cmd->add_option("--batch", opts->batch,
                                 tr("a referral file (.jsonl .ndjson .json .toml .csv, or -)")));
  complete_values(cmd->add_option("--input-format", opts->input_format,
                                  tr("jsonl, json, toml or csv (needed for -)")),
                  input_format_names());
  cmd->add_option("--region", opts->region,
                  tr("handle only this region's records; the others come back skipped"));
  cmd->add_flag("--dry-run", opts->dry_run, tr("report what a batch would do, store nothing"));
  cmd->add_option("--chunk-size", opts->chunk_size,
                  tr("records per committed chunk (default 1000)"))
      ->check(CLI::Range(1, 1000000));
  cmd->callback([opts, &g] { run_screen(g, *opts); });
}

}  // namespace ifg::cli

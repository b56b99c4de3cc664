// SPDX-License-Identifier: EUPL-1.2
// ifg partner list, ifg professional list
#include <algorithm>
#include <iostream>

#include "i18n.h"
#include "output.h"

namespace ifg::cli {

namespace {

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

}  // namespace

void print_table(std::vector<std::vector<std::string>> rows) {
  for (auto& row : rows)
    for (auto& cell : row) cell = printable(cell);
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], row[i].size());
    }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    std::cout << line << '\n';
  }
}

namespace {

void run_partner_list(const GlobalOptions& g) {
  const std::string format = output_format(g, "partner list");
  Service service = open_service(g);
  const auto partners = service.partners();
  if (format == "json" || format == "jsonl" || format == "xlsx") {
    print_list(format, partners, [](const Partner&) {});
  } else if (format == "csv") {
    std::cout << "id,kind,name,regions\n";
    for (const auto& p : partners)
      std::cout << csv_cell(p.id) << ',' << to_string(p.kind) << ',' << csv_cell(p.name) << ','
                << csv_cell(join(p.regions, "|")) << '\n';
  } else {
    std::vector<std::vector<std::string>> rows{{tr("ID"), tr("KIND"), tr("REGIONS"), tr("NAME")}};
    for (const auto& p : partners)
      rows.push_back({p.id, std::string(to_string(p.kind)), join(p.regions, ","), p.name});
    print_table(rows);
  }
}

void run_professional_list(const GlobalOptions& g) {
  const std::string format = output_format(g, "professional list");
  Service service = open_service(g);
  const auto pros = service.professionals();
  auto roles = [](const Professional& p) {
    std::vector<std::string> r;
    for (Role role : p.roles) r.emplace_back(to_string(role));
    return r;
  };
  if (format == "json" || format == "jsonl" || format == "xlsx") {
    print_list(format, pros, [](const Professional&) {});
  } else if (format == "csv") {
    std::cout << "id,name,partner,roles,active\n";
    for (const auto& p : pros)
      std::cout << csv_cell(p.id) << ',' << csv_cell(p.name) << ',' << csv_cell(p.partner) << ','
                << csv_cell(join(roles(p), "|")) << ',' << (p.active ? "true" : "false") << '\n';
  } else {
    std::vector<std::vector<std::string>> rows{
        {tr("ID"), tr("PARTNER"), tr("ROLES"), tr("ACTIVE"), tr("NAME")}};
    for (const auto& p : pros)
      rows.push_back(
          {p.id, p.partner, join(roles(p), ","), p.active ? tr("yes") : tr("no"), p.name});
    print_table(rows);
  }
}

}  // namespace

void setup_lists(CLI::App& app, const GlobalOptions& g) {
  auto* partner = app.add_subcommand("partner", tr("the configured partner organisations"));
  partner->require_subcommand(1);
  partner->add_subcommand("list", tr("list the partners"))->callback([&g] { run_partner_list(g); });
  auto* pro = app.add_subcommand("professional", tr("the configured professionals"));
  pro->require_subcommand(1);
  pro->add_subcommand("list", tr("list the professionals"))->callback([&g] {
    run_professional_list(g);
  });
}

}  // namespace ifg::cli

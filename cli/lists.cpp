// ifg partner list, ifg professional list
#include <nlohmann/json.hpp>

#include <iostream>

#include "common.h"

namespace ifg::cli {

namespace {

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

void run_partner_list() {
  const std::string format = output_format("partner list", {"text", "json", "jsonl", "csv"});
  Service service = open_service();
  const auto partners = service.partners();
  if (format == "json" || format == "jsonl") {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& p : partners) {
      nlohmann::ordered_json j{{"id", p.id},
                               {"kind", std::string(to_string(p.kind))},
                               {"name", p.name},
                               {"regions", p.regions}};
      if (format == "jsonl")
        std::cout << j.dump() << '\n';
      else
        all.push_back(std::move(j));
    }
    if (format == "json") std::cout << all.dump(2) << '\n';
  } else if (format == "csv") {
    std::cout << "id,kind,name,regions\n";
    for (const auto& p : partners)
      std::cout << csv_cell(p.id) << ',' << to_string(p.kind) << ',' << csv_cell(p.name) << ','
                << csv_cell(join(p.regions, "|")) << '\n';
  } else {
    std::cout << pad("ID", 24) << pad("KIND", 14) << pad("REGIONS", 24) << "NAME\n";
    for (const auto& p : partners)
      std::cout << pad(p.id, 24) << pad(std::string(to_string(p.kind)), 14)
                << pad(join(p.regions, ","), 24) << p.name << '\n';
  }
}

void run_professional_list() {
  const std::string format = output_format("professional list", {"text", "json", "jsonl", "csv"});
  Service service = open_service();
  const auto pros = service.professionals();
  auto roles = [](const Professional& p) {
    std::vector<std::string> r;
    for (Role role : p.roles) r.emplace_back(to_string(role));
    return r;
  };
  if (format == "json" || format == "jsonl") {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& p : pros) {
      nlohmann::ordered_json j{{"id", p.id},     {"name", p.name},     {"partner", p.partner},
                               {"roles", roles(p)}, {"active", p.active}};
      if (format == "jsonl")
        std::cout << j.dump() << '\n';
      else
        all.push_back(std::move(j));
    }
    if (format == "json") std::cout << all.dump(2) << '\n';
  } else if (format == "csv") {
    std::cout << "id,name,partner,roles,active\n";
    for (const auto& p : pros)
      std::cout << csv_cell(p.id) << ',' << csv_cell(p.name) << ',' << csv_cell(p.partner) << ','
                << csv_cell(join(roles(p), "|")) << ',' << (p.active ? "true" : "false") << '\n';
  } else {
    std::cout << pad("ID", 20) << pad("PARTNER", 24) << pad("ROLES", 24) << pad("ACTIVE", 8)
              << "NAME\n";
    for (const auto& p : pros)
      std::cout << pad(p.id, 20) << pad(p.partner, 24) << pad(join(roles(p), ","), 24)
                << pad(p.active ? "yes" : "no", 8) << p.name << '\n';
  }
}

}  // namespace

void setup_lists(CLI::App& app) {
  auto* partner = app.add_subcommand("partner", "the configured partner organisations");
  partner->require_subcommand(1);
  partner->add_subcommand("list", "list the partners")->callback(run_partner_list);
  auto* pro = app.add_subcommand("professional", "the configured professionals");
  pro->require_subcommand(1);
  pro->add_subcommand("list", "list the professionals")->callback(run_professional_list);
}

}  // namespace ifg::cli

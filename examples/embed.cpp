// SPDX-License-Identifier: EUPL-1.2
// embed: a small program that uses the installed libifg the way another tool
// would. It loads a configuration into an in-memory database, registers one
// referral file, screens it and prints the result as JSON.
//
//   embed examples/flanders.toml examples/referral.json
#include <ifg/error.h>
#include <ifg/io.h>
#include <ifg/service.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: embed CONFIG.toml REFERRAL.json\n";
    return 2;
  }
  try {
    ifg::ServiceOptions options;
    options.db_path = ":memory:";
    options.create = true;
    options.clock = [] { return *ifg::parse_timestamp("2026-11-28T10:00:00Z"); };
    ifg::Service service(options);
    service.init(ifg::load_config(argv[1]), std::nullopt);

    ifg::ReferralReader reader(argv[2], std::nullopt, service.catalog(), ifg::ReadMode::kSingle);
    auto record = reader.next();
    if (!record || !record->referral) {
      std::cerr << "embed: " << argv[2] << " holds no valid referral\n";
      return 5;
    }
    const std::string actor = "coord.ant";
    const std::string id = service.register_referral(actor, *record->referral);
    const ifg::ScreenResult result = service.screen(actor, id);
    std::cout << ifg::to_json(result) << '\n';
    return result.outcome == ifg::Outcome::kEligible ? 0 : 1;
  } catch (const ifg::Error& e) {
    std::cerr << "embed: " << e.what() << '\n';
    return e.exit_code();
  }
}

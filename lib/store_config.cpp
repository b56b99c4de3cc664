// SPDX-License-Identifier: EUPL-1.2
// The configuration: regions, partners and the regions they serve,
// professionals and their roles, and the settings (screening parameters, the
// justification rule).
#include "i18n.h"
#include "store.h"
#include "store_sql.h"

namespace ifg::detail {

namespace {

std::string roles_text(const std::vector<Role>& roles) {
  return fmt::format("{}", fmt::join(roles, ","));
}

std::vector<Role> parse_roles(const std::string& text) {
  std::vector<Role> roles;
  for (const auto& code : split(text, ',')) {
    auto r = parse_enum<Role>(code);
    if (!r)
      throw Error(ErrorCode::kInternal,
                  trf("the database holds {} in professionals.roles, which this ifg does "
                      "not know",
                      named(tr("role"), code)));
    roles.push_back(*r);
  }
  return roles;
}

/// Partners from rows of (id, kind, name, comma-separated regions).
std::vector<Partner> read_partners(Statement& s) {
  std::vector<Partner> out;
  while (s.executeStep()) {
    Partner p;
    p.id = s.getColumn(0).getString();
    p.kind = stored_enum<PartnerKind>(s.getColumn(1), "partners.kind");
    p.name = s.getColumn(2).getString();
    p.regions = split(opt_text(s.getColumn(3)).value_or(""), ',');
    out.push_back(std::move(p));
  }
  return out;
}

/// A professional from columns id, name, partner_id, roles, active.
Professional read_professional(Statement& s) {
  return Professional{s.getColumn(0).getString(), s.getColumn(1).getString(),
                      s.getColumn(2).getString(), parse_roles(s.getColumn(3).getString()),
                      s.getColumn(4).getInt() != 0};
}

}  // namespace

void Store::upsert_region(const Region& r) {
  auto& s = c_->stmt(
      "INSERT INTO regions(code, name, veilig_huis) VALUES(?, ?, ?) "
      "ON CONFLICT(code) DO UPDATE SET name = excluded.name, veilig_huis = excluded.veilig_huis");
  s.bind(1, r.code);
  s.bind(2, r.name);
  s.bind(3, r.veilig_huis);
  s.exec();
}

void Store::upsert_partner(const Partner& p) {
  auto& s = c_->stmt(
      "INSERT INTO partners(id, kind, name) VALUES(?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name");
  s.bind(1, p.id);
  s.bind(2, std::string(to_string(p.kind)));
  s.bind(3, p.name);
  s.exec();
  auto& del = c_->stmt("DELETE FROM partner_regions WHERE partner_id = ?");
  del.bind(1, p.id);
  del.exec();
  auto& ins = c_->stmt(
      "INSERT INTO partner_regions(partner_id, region) VALUES(?, ?) ON CONFLICT DO NOTHING");
  for (const auto& region : p.regions) {
    ins.reset();
    ins.bind(1, p.id);
    ins.bind(2, region);
    ins.exec();
  }
}

void Store::upsert_professional(const Professional& p) {
  auto& s = c_->stmt(
      "INSERT INTO professionals(id, name, partner_id, roles, active) VALUES(?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET name = excluded.name, partner_id = excluded.partner_id, "
      "roles = excluded.roles, active = excluded.active");
  s.bind(1, p.id);
  s.bind(2, p.name);
  s.bind(3, p.partner);
  s.bind(4, roles_text(p.roles));
  s.bind(5, p.active ? 1 : 0);
  s.exec();
}

std::vector<Region> Store::regions() {
  auto& s = c_->stmt("SELECT code, name, veilig_huis FROM regions ORDER BY code");
  ResetGuard g{s};
  std::vector<Region> out;
  while (s.executeStep())
    out.push_back(
        {s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString()});
  return out;
}

std::optional<Region> Store::region(const std::string& code) {
  auto& s = c_->stmt("SELECT code, name, veilig_huis FROM regions WHERE code = ?");
  ResetGuard g{s};
  s.bind(1, code);
  if (!s.executeStep()) return std::nullopt;
  return Region{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString()};
}

std::vector<Partner> Store::partners() {
  auto& s = c_->stmt(
      "SELECT p.id, p.kind, p.name, group_concat(r.region, ',') FROM partners p "
      "LEFT JOIN (SELECT * FROM partner_regions ORDER BY region) r ON r.partner_id = p.id "
      "GROUP BY p.id ORDER BY p.id");
  ResetGuard g{s};
  return read_partners(s);
}

std::vector<std::string> Store::partner_ids() {
  auto& s = c_->stmt("SELECT id FROM partners ORDER BY id");
  ResetGuard g{s};
  std::vector<std::string> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getString());
  return out;
}

std::optional<Partner> Store::partner(const std::string& id) {
  // One partner by its key: access checks ask this for every operation.
  auto& s = c_->stmt(
      "SELECT p.id, p.kind, p.name, (SELECT group_concat(region, ',') FROM "
      "(SELECT region FROM partner_regions WHERE partner_id = p.id ORDER BY region) AS r) "
      "FROM partners p WHERE p.id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  auto found = read_partners(s);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Professional> Store::professionals() {
  auto& s = c_->stmt("SELECT id, name, partner_id, roles, active FROM professionals ORDER BY id");
  ResetGuard g{s};
  std::vector<Professional> out;
  while (s.executeStep()) out.push_back(read_professional(s));
  return out;
}

std::optional<Professional> Store::professional(const std::string& id) {
  auto& s = c_->stmt("SELECT id, name, partner_id, roles, active FROM professionals WHERE id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return read_professional(s);
}

bool Store::region_exists(const std::string& code) {
  auto& s = c_->stmt("SELECT 1 FROM regions WHERE code = ?");
  ResetGuard g{s};
  s.bind(1, code);
  return s.executeStep();
}

bool Store::partner_exists(const std::string& id) {
  auto& s = c_->stmt("SELECT 1 FROM partners WHERE id = ?");
  ResetGuard g{s};
  s.bind(1, id);
  return s.executeStep();
}

long Store::professional_count() {
  auto& s = c_->stmt("SELECT count(*) FROM professionals");
  ResetGuard g{s};
  s.executeStep();
  return static_cast<long>(s.getColumn(0).getInt64());
}

void Store::set_setting(const std::string& key, const std::string& value) {
  auto& s = c_->stmt(
      "INSERT INTO settings(key, value) VALUES(?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind(1, key);
  s.bind(2, value);
  s.exec();
}

std::optional<std::string> Store::setting(const std::string& key) {
  auto& s = c_->stmt("SELECT value FROM settings WHERE key = ?");
  ResetGuard g{s};
  s.bind(1, key);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getString();
}

void Store::remember_ruleset(const std::string& version, const std::string& canonical_params) {
  auto& s = c_->stmt("INSERT INTO rulesets(version, params) VALUES(?, ?) ON CONFLICT DO NOTHING");
  s.bind(1, version);
  s.bind(2, canonical_params);
  s.exec();
}

std::optional<std::string> Store::ruleset(const std::string& version) {
  auto& s = c_->stmt("SELECT params FROM rulesets WHERE version = ?");
  ResetGuard g{s};
  s.bind(1, version);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getString();
}

}  // namespace ifg::detail

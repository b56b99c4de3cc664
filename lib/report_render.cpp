// Rendering reports: each report becomes a Document of tables (shared by the
// text, Markdown, CSV and HTML forms), and has its own JSON contract
// (docs/reports.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "ifg/error.h"
#include "ifg/report.h"
#include "referral_json.h"
#include "report_tables.h"

namespace ifg {

namespace detail {

namespace {

using ojson = nlohmann::ordered_json;

template <class T>
std::string text_of(const std::optional<T>& v) {
  if (!v) return "";
  if constexpr (std::is_same_v<T, std::string>)
    return *v;
  else if constexpr (std::is_same_v<T, Date>)
    return v->to_string();
  else
    return std::to_string(*v);
}

/// A number of days or a rate, with at most one decimal.
std::string decimal(double v) {
  char buf[32];
  if (v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

template <class E>
std::string join_codes(const std::vector<E>& items) {
  std::vector<std::string> codes;
  for (E e : items) codes.emplace_back(to_string(e));
  return join(codes);
}

Table key_values(std::string id, std::string title,
                 std::vector<std::pair<std::string, std::string>> pairs) {
  Table t{std::move(id), std::move(title), {"field", "value"}, {false, false}, {}};
  for (auto& [k, v] : pairs) t.rows.push_back({std::move(k), std::move(v)});
  return t;
}

Table counts_table(std::string id, std::string title, std::string what,
                   const std::vector<Count>& counts, int min_cell) {
  Table t{std::move(id), std::move(title), {std::move(what), "count"}, {false, true}, {}};
  for (const auto& c : counts) t.rows.push_back({c.key, count_text(c, min_cell)});
  return t;
}

std::string period_text(const std::optional<Date>& from, const std::optional<Date>& to) {
  if (!from && !to) return "all referrals received";
  if (!from) return "referrals received up to " + to->to_string();
  if (!to) return "referrals received from " + from->to_string();
  return "referrals received from " + from->to_string() + " to " + to->to_string();
}

ojson date_json(const std::optional<Date>& d) {
  return d ? ojson(d->to_string()) : ojson(nullptr);
}

template <class T>
ojson opt_json(const std::optional<T>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}

ojson counts_json(const std::vector<Count>& counts) {
  ojson o = ojson::object();
  for (const auto& c : counts) o[c.key] = opt_json(c.value);
  return o;
}

/// A rate or median as JSON: rounded to 4 decimals so output is stable.
ojson real_json(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 10000) / 10000;
}

// --- the case sheet ---------------------------------------------------------

ojson action_json(const Action& a) {
  ojson history = ojson::array();
  for (const auto& h : a.history)
    history.push_back({{"at", h.at}, {"actor", h.actor}, {"kind", h.kind}, {"from", opt_json(h.from)},
                       {"to", h.to}, {"note", opt_json(h.note)}});
  return {{"number", a.number}, {"text", a.text},        {"domain", a.domain},
          {"professional", a.professional}, {"partner", a.partner}, {"due", date_json(a.due)},
          {"status", std::string(to_string(a.status))},  {"overdue", a.overdue},
          {"history", history}};
}

ojson case_json(const CaseReport& r) {
  const CaseState& s = r.state;
  ojson o;
  o["report"] = "case";
  o["case"] = s.id;
  o["region"] = s.region;
  o["status"] = std::string(to_string(s.status));
  o["today"] = r.today.to_string();
  o["purged"] = r.purged;
  o["received_by"] = opt_json(r.received_by);
  o["referral"] = ojson::parse(referral_to_json(r.referral).dump());
  if (r.screening) {
    ojson criteria = ojson::array();
    for (const auto& c : r.screening->criteria)
      criteria.push_back({{"id", std::string(to_string(c.id))},
                          {"verdict", std::string(to_string(c.verdict))},
                          {"reason", c.reason}});
    ojson warnings = ojson::array();
    for (const auto& w : r.screening->warnings)
      warnings.push_back({{"code", w.code}, {"message", w.message}});
    o["screening"] = {{"outcome", std::string(to_string(r.screening->outcome))},
                      {"ruleset", r.screening->ruleset},
                      {"criteria", criteria},
                      {"warnings", warnings}};
  } else {
    o["screening"] = nullptr;
  }
  if (s.decision)
    o["decision"] = {{"accepted", s.decision->accepted}, {"overridden", s.decision->overridden},
                     {"motivation", s.decision->motivation}, {"actor", s.decision->actor},
                     {"at", s.decision->at}};
  else
    o["decision"] = nullptr;
  o["director"] = opt_json(s.director);
  ojson directors = ojson::array();
  for (const auto& d : r.directors)
    directors.push_back({{"professional", d.professional}, {"from", d.from},
                         {"until", opt_json(d.until)}, {"assigned_by", d.assigned_by},
                         {"reason", opt_json(d.reason)}});
  o["directors"] = directors;
  ojson meetings = ojson::array();
  for (const auto& m : r.meetings)
    meetings.push_back({{"number", m.number}, {"date", m.date.to_string()},
                        {"attendees", m.attendees}, {"basis", std::string(to_string(m.basis))},
                        {"purpose", m.purpose}, {"notes", opt_json(m.notes)}, {"actor", m.actor},
                        {"at", m.at}});
  o["meetings"] = meetings;
  ojson actions = ojson::array();
  for (const auto& a : r.actions) actions.push_back(action_json(a));
  o["actions"] = actions;
  ojson involvement = ojson::array();
  for (const auto& i : r.involvement)
    involvement.push_back({{"partner", i.partner}, {"reasons", i.reasons}});
  o["involvement"] = involvement;
  if (s.closure_reason)
    o["closure"] = {{"reason", std::string(to_string(*s.closure_reason))},
                    {"note", opt_json(s.closure_note)}};
  else
    o["closure"] = nullptr;
  ojson timeline = ojson::array();
  for (const auto& e : r.timeline)
    timeline.push_back({{"id", e.id}, {"at", e.at}, {"actor", opt_json(e.actor)},
                        {"action", e.action}, {"details", ojson::parse(e.details)}});
  o["timeline"] = timeline;
  return o;
}

// --- regional statistics ------------------------------------------------------

ojson region_json(const RegionReport& r) {
  ojson o;
  o["report"] = "region";
  o["region"] = opt_json(r.region);
  o["regions"] = r.regions;
  o["period"] = {{"from", date_json(r.from)}, {"to", date_json(r.to)}};
  o["today"] = r.today.to_string();
  o["min_cell"] = r.min_cell;
  o["referrals"] = {{"total", opt_json(r.total)},
                    {"by_outcome", counts_json(r.by_outcome)},
                    {"by_channel", counts_json(r.by_channel)},
                    {"by_month", counts_json(r.by_month)}};
  o["decisions"] = {{"accepted", opt_json(r.accepted)},
                    {"refused", opt_json(r.refused)},
                    {"overridden", opt_json(r.overridden)},
                    {"acceptance_rate", real_json(r.acceptance_rate)}};
  o["open_cases"] = {{"by_status", counts_json(r.open_by_status)}};
  o["actions"] = {{"by_status", counts_json(r.actions_by_status)},
                  {"overdue", opt_json(r.actions_overdue)},
                  {"by_domain", counts_json(r.actions_by_domain)}};
  o["closures"] = {{"by_reason", counts_json(r.closures_by_reason)}};
  o["median_days"] = {{"referral_to_decision", real_json(r.median_referral_to_decision)},
                      {"accepted_to_director", real_json(r.median_accepted_to_director)}};
  o["children"] = opt_json(r.children);
  o["suppressed"] = r.suppressed;
  return o;
}

/// The region report as one CSV table of dotted JSON keys, so that it parses
/// back to the numbers of the JSON form.
void region_csv(std::ostream& out, const RegionReport& r) {
  out << "key,value,suppressed\n";
  auto row = [&](const std::string& key, const std::string& value) {
    const bool hidden =
        std::find(r.suppressed.begin(), r.suppressed.end(), key) != r.suppressed.end();
    out << key << ',' << value << ',' << (hidden ? "true" : "false") << '\n';
  };
  auto counts = [&](const std::string& prefix, const std::vector<Count>& cs) {
    for (const auto& c : cs) row(prefix + "." + c.key, text_of(c.value));
  };
  auto real = [](const std::optional<double>& v) {
    const ojson j = real_json(v);
    return j.is_null() ? std::string() : j.dump();
  };
  row("region", r.region.value_or(""));
  row("period.from", text_of(r.from));
  row("period.to", text_of(r.to));
  row("min_cell", std::to_string(r.min_cell));
  row("referrals.total", text_of(r.total));
  counts("referrals.by_outcome", r.by_outcome);
  counts("referrals.by_channel", r.by_channel);
  counts("referrals.by_month", r.by_month);
  row("decisions.accepted", text_of(r.accepted));
  row("decisions.refused", text_of(r.refused));
  row("decisions.overridden", text_of(r.overridden));
  row("decisions.acceptance_rate", real(r.acceptance_rate));
  counts("open_cases.by_status", r.open_by_status);
  counts("actions.by_status", r.actions_by_status);
  row("actions.overdue", text_of(r.actions_overdue));
  counts("actions.by_domain", r.actions_by_domain);
  counts("closures.by_reason", r.closures_by_reason);
  row("median_days.referral_to_decision", real(r.median_referral_to_decision));
  row("median_days.accepted_to_director", real(r.median_accepted_to_director));
  row("children", text_of(r.children));
}

// --- actions and caseload -----------------------------------------------------

ojson actions_json(const ActionsReport& r) {
  ojson rows = ojson::array();
  for (const auto& a : r.rows)
    rows.push_back({{"case", a.case_id}, {"region", a.region},
                    {"case_status", std::string(to_string(a.case_status))},
                    {"number", a.number}, {"domain", a.domain}, {"professional", a.professional},
                    {"partner", a.partner}, {"due", date_json(a.due)},
                    {"status", std::string(to_string(a.status))}, {"overdue", a.overdue},
                    {"days_overdue", opt_json(a.days_overdue)}});
  return {{"report", "actions"},
          {"today", r.today.to_string()},
          {"filters", {{"overdue", r.query.overdue_only},
                       {"professional", opt_json(r.query.professional)},
                       {"region", opt_json(r.query.region)}}},
          {"actions", rows}};
}

ojson caseload_json(const CaseloadReport& r) {
  ojson rows = ojson::array();
  for (const auto& c : r.rows)
    rows.push_back({{"professional", c.professional}, {"partner", c.partner},
                    {"directed_cases", c.directed_cases}, {"open_actions", c.open_actions},
                    {"overdue_actions", c.overdue_actions}, {"oldest_due", date_json(c.oldest_due)}});
  return {{"report", "caseload"},
          {"region", opt_json(r.region)},
          {"today", r.today.to_string()},
          {"professionals", rows}};
}

// --- the shared table forms ---------------------------------------------------

/// The display width of UTF-8 text: one column per code point.
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

/// One line of a cell for a table: line breaks and tabs become spaces.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string markdown_cell(const std::string& s) {
  std::string out;
  for (char c : one_line(s)) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[')
      out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string count_text(const Count& c, int min_cell) {
  return c.value ? std::to_string(*c.value) : "<" + std::to_string(min_cell);
}

Document document_of(const CaseReport& r) {
  const CaseState& s = r.state;
  const Referral& f = r.referral;
  Document d;
  d.title = "Case " + s.id;
  d.intro.push_back("Region " + s.region + ", status " + std::string(to_string(s.status)) +
                    (r.screening ? ", screened " + std::string(to_string(r.screening->outcome)) +
                                       " under rule set " + r.screening->ruleset
                                 : ", not screened yet") +
                    ".");
  if (r.purged) d.intro.push_back("Personal data of this closed case was removed (purge).");
  d.intro.push_back("Case sheet of " + r.today.to_string() +
                    "; confidential: share only under the case meeting's legal basis.");

  std::vector<std::pair<std::string, std::string>> facts{
      {"external_ref", f.external_ref.value_or("")},
      {"received", f.received.to_string()},
      {"received_by", r.received_by.value_or("")},
      {"referrer", std::string(to_string(f.referrer.kind)) +
                       (f.referrer.name ? " " + *f.referrer.name : "") +
                       (f.referrer.partner ? " (" + *f.referrer.partner + ")" : "")},
      {"channel", f.channel ? std::string(to_string(*f.channel)) : ""},
      {"safety", f.safety ? std::string(to_string(*f.safety)) : ""},
      {"regular_cooperation_sufficient",
       f.regular_cooperation_sufficient ? (*f.regular_cooperation_sufficient ? "true" : "false")
                                        : ""},
      {"sectors_needed", join_codes(f.sectors_needed)},
      {"life_domains", join(f.life_domains)},
      {"help_status", f.help_status ? std::string(to_string(*f.help_status)) : ""},
      {"measures_status", f.measures_status ? std::string(to_string(*f.measures_status)) : ""},
      {"crisis_partner", f.crisis_partner ? std::string(to_string(*f.crisis_partner)) : ""},
      {"summary", f.summary.value_or("")}};
  d.tables.push_back(key_values("referral", "Referral", std::move(facts)));

  Table persons{"persons", "Persons", {"role", "name", "birth_year"}, {false, false, true}, {}};
  for (const auto& p : f.persons)
    persons.rows.push_back({std::string(to_string(p.role)), p.name.value_or(""), text_of(p.birth_year)});
  d.tables.push_back(std::move(persons));

  Table criteria{"criteria", "Screening", {"criterion", "verdict", "reason"}, {false, false, false}, {}};
  if (r.screening) {
    for (const auto& c : r.screening->criteria)
      criteria.rows.push_back({std::string(to_string(c.id)), std::string(to_string(c.verdict)), c.reason});
    criteria.rows.push_back({"outcome", std::string(to_string(r.screening->outcome)),
                             "rule set " + r.screening->ruleset});
    for (const auto& w : r.screening->warnings)
      criteria.rows.push_back({"warning", w.code, w.message});
  }
  d.tables.push_back(std::move(criteria));

  std::vector<std::pair<std::string, std::string>> decision;
  if (s.decision) {
    decision = {{"decision", s.decision->accepted ? "accepted" : "refused"},
                {"override", s.decision->overridden ? "yes: accepted against the screening outcome"
                                                    : "no"},
                {"motivation", s.decision->motivation},
                {"by", s.decision->actor},
                {"at", s.decision->at}};
  }
  if (s.closure_reason) {
    decision.emplace_back("closed", std::string(to_string(*s.closure_reason)));
    if (s.closure_note) decision.emplace_back("closure_note", *s.closure_note);
  }
  d.tables.push_back(key_values("decision", "Decision", std::move(decision)));

  Table directors{"directors", "Case director", {"professional", "from", "until", "assigned_by", "reason"},
                  {false, false, false, false, false}, {}};
  for (const auto& t : r.directors)
    directors.rows.push_back({t.professional, t.from, t.until.value_or("current"), t.assigned_by,
                              t.reason.value_or("")});
  d.tables.push_back(std::move(directors));

  Table meetings{"meetings", "Case meetings", {"number", "date", "basis", "attendees", "purpose", "notes"},
                 {true, false, false, false, false, false}, {}};
  for (const auto& m : r.meetings)
    meetings.rows.push_back({std::to_string(m.number), m.date.to_string(),
                             std::string(to_string(m.basis)), join(m.attendees), m.purpose,
                             m.notes.value_or("")});
  d.tables.push_back(std::move(meetings));

  Table actions{"actions", "Action plan", {"number", "action", "domain", "professional", "due", "status", "overdue"},
                {true, false, false, false, false, false, false}, {}};
  for (const auto& a : r.actions)
    actions.rows.push_back({std::to_string(a.number), a.text, a.domain, a.professional,
                            text_of(a.due), std::string(to_string(a.status)),
                            a.overdue ? "OVERDUE" : ""});
  d.tables.push_back(std::move(actions));

  Table involved{"involvement", "Partners involved", {"partner", "why"}, {false, false}, {}};
  for (const auto& i : r.involvement) involved.rows.push_back({i.partner, join(i.reasons)});
  d.tables.push_back(std::move(involved));

  Table timeline{"timeline", "Timeline", {"at", "actor", "event", "details"}, {false, false, false, false}, {}};
  for (const auto& e : r.timeline)
    timeline.rows.push_back({e.at, e.actor.value_or(""), e.action, e.details == "{}" ? "" : e.details});
  d.tables.push_back(std::move(timeline));
  return d;
}

Document document_of(const RegionReport& r) {
  Document d;
  d.title = "Regional report " + (r.region ? *r.region : join(r.regions));
  d.intro.push_back(period_text(r.from, r.to) + " in " + join(r.regions) +
                    "; open cases and overdue actions as of " + r.today.to_string() + ".");
  if (r.min_cell > 1)
    d.intro.push_back("Counts from 1 to " + std::to_string(r.min_cell - 1) + " are suppressed (shown as <" +
                      std::to_string(r.min_cell) + "), with one more count where a total would reveal them.");
  auto opt = [&](const std::optional<std::int64_t>& v, const std::string& key) {
    if (v) return std::to_string(*v);
    return std::find(r.suppressed.begin(), r.suppressed.end(), key) != r.suppressed.end()
               ? "<" + std::to_string(r.min_cell)
               : std::string("-");
  };
  auto real = [&](const std::optional<double>& v, const std::string& key, bool percent) {
    if (v) return percent ? decimal(*v * 100) + "%" : decimal(*v);
    return std::find(r.suppressed.begin(), r.suppressed.end(), key) != r.suppressed.end()
               ? "suppressed"
               : std::string("no data");
  };
  Table summary{"summary", "Summary", {"measure", "value"}, {false, true}, {}};
  summary.rows = {
      {"referrals", opt(r.total, "referrals.total")},
      {"children involved", opt(r.children, "children")},
      {"accepted", opt(r.accepted, "decisions.accepted")},
      {"refused", opt(r.refused, "decisions.refused")},
      {"accepted with override", opt(r.overridden, "decisions.overridden")},
      {"acceptance rate", real(r.acceptance_rate, "decisions.acceptance_rate", true)},
      {"median days referral to decision",
       real(r.median_referral_to_decision, "median_days.referral_to_decision", false)},
      {"median days accepted to director",
       real(r.median_accepted_to_director, "median_days.accepted_to_director", false)},
      {"overdue actions", opt(r.actions_overdue, "actions.overdue")}};
  d.tables.push_back(std::move(summary));
  d.tables.push_back(counts_table("referrals.by_outcome", "Referrals by outcome", "outcome", r.by_outcome, r.min_cell));
  d.tables.push_back(counts_table("referrals.by_channel", "Referrals by channel", "channel", r.by_channel, r.min_cell));
  d.tables.push_back(counts_table("referrals.by_month", "Referrals by month", "month", r.by_month, r.min_cell));
  d.tables.push_back(counts_table("open_cases.by_status", "Open cases by status", "status", r.open_by_status, r.min_cell));
  d.tables.push_back(counts_table("actions.by_status", "Actions by status", "status", r.actions_by_status, r.min_cell));
  d.tables.push_back(counts_table("actions.by_domain", "Actions by life domain", "life domain", r.actions_by_domain, r.min_cell));
  d.tables.push_back(counts_table("closures.by_reason", "Closures by reason", "reason", r.closures_by_reason, r.min_cell));
  return d;
}

Document document_of(const ActionsReport& r) {
  Document d;
  d.title = r.query.overdue_only ? "Overdue actions" : "Actions";
  std::vector<std::string> filters;
  if (r.query.region) filters.push_back("region " + *r.query.region);
  if (r.query.professional) filters.push_back("held by " + *r.query.professional);
  d.intro.push_back((filters.empty() ? std::string("All cases you may read") : join(filters)) +
                    "; most urgent first; overdue as of " + r.today.to_string() + ".");
  Table t{"actions", "Actions",
          {"case", "action", "domain", "professional", "partner", "due", "status", "days overdue"},
          {false, true, false, false, false, false, false, true}, {}};
  for (const auto& a : r.rows)
    t.rows.push_back({a.case_id, std::to_string(a.number), a.domain, a.professional, a.partner,
                      text_of(a.due), std::string(to_string(a.status)),
                      text_of(a.days_overdue)});
  d.tables.push_back(std::move(t));
  return d;
}

Document document_of(const CaseloadReport& r) {
  Document d;
  d.title = "Caseload" + (r.region ? " " + *r.region : std::string());
  d.intro.push_back("Open cases directed and open actions held, per professional, as of " +
                    r.today.to_string() + "; most loaded first.");
  Table t{"caseload", "Caseload",
          {"professional", "partner", "directed cases", "open actions", "overdue actions", "oldest due"},
          {false, false, true, true, true, false}, {}};
  for (const auto& c : r.rows)
    t.rows.push_back({c.professional, c.partner, std::to_string(c.directed_cases),
                      std::to_string(c.open_actions), std::to_string(c.overdue_actions),
                      text_of(c.oldest_due)});
  d.tables.push_back(std::move(t));
  return d;
}

void write_text(std::ostream& out, const Document& d) {
  out << d.title << '\n' << std::string(width(d.title), '=') << '\n';
  for (const auto& line : d.intro) out << line << '\n';
  for (const auto& t : d.tables) {
    out << '\n' << t.title << '\n' << std::string(width(t.title), '-') << '\n';
    if (t.rows.empty()) {
      out << "(none)\n";
      continue;
    }
    std::vector<std::size_t> w(t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) w[i] = width(t.columns[i]);
    for (const auto& row : t.rows)
      for (std::size_t i = 0; i < row.size() && i < w.size(); ++i)
        w[i] = std::max(w[i], width(one_line(row[i])));
    auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t i = 0; i < cells.size() && i < w.size(); ++i) {
        const std::string cell = one_line(cells[i]);
        const std::string pad(w[i] - width(cell), ' ');
        const bool last = i + 1 == cells.size();
        text += t.numeric[i] ? pad + cell : (last ? cell : cell + pad);
        if (!last) text += "  ";
      }
      out << text << '\n';
    };
    line(t.columns);
    std::vector<std::string> rule;
    for (std::size_t n : w) rule.emplace_back(n, '-');
    line(rule);
    for (const auto& row : t.rows) line(row);
  }
}

void write_markdown(std::ostream& out, const Document& d) {
  out << "# " << markdown_cell(d.title) << "\n\n";
  for (const auto& line : d.intro) out << markdown_cell(line) << "\n\n";
  for (const auto& t : d.tables) {
    out << "## " << markdown_cell(t.title) << "\n\n";
    if (t.rows.empty()) {
      out << "(none)\n\n";
      continue;
    }
    out << '|';
    for (const auto& c : t.columns) out << ' ' << markdown_cell(c) << " |";
    out << "\n|";
    for (bool n : t.numeric) out << (n ? " ---: |" : " --- |");
    out << '\n';
    for (const auto& row : t.rows) {
      out << '|';
      for (const auto& c : row) out << ' ' << markdown_cell(c) << " |";
      out << '\n';
    }
    out << '\n';
  }
}

void write_csv(std::ostream& out, const Document& d) {
  const bool several = d.tables.size() > 1;
  bool first = true;
  for (const auto& t : d.tables) {
    if (!first) out << '\n';
    first = false;
    if (several) out << "table,";
    for (std::size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << csv_cell(t.columns[i]);
    out << '\n';
    for (const auto& row : t.rows) {
      if (several) out << csv_cell(t.id) << ',';
      for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << csv_cell(row[i]);
      out << '\n';
    }
  }
}

}  // namespace detail

namespace {

template <class R, class ToJson>
void render(std::ostream& out, const R& report, ReportFormat format, ToJson&& to_json) {
  switch (format) {
    case ReportFormat::kJson:
      out << to_json(report).dump(2) << '\n';
      return;
    case ReportFormat::kText:
      detail::write_text(out, detail::document_of(report));
      return;
    case ReportFormat::kMarkdown:
      detail::write_markdown(out, detail::document_of(report));
      return;
    case ReportFormat::kCsv:
      detail::write_csv(out, detail::document_of(report));
      return;
    case ReportFormat::kHtml:
      detail::write_html(out, detail::document_of(report));
      return;
  }
}

}  // namespace

void write_report(std::ostream& out, const CaseReport& report, ReportFormat format) {
  render(out, report, format, detail::case_json);
}

void write_report(std::ostream& out, const RegionReport& report, ReportFormat format) {
  if (format == ReportFormat::kCsv) return detail::region_csv(out, report);
  if (format == ReportFormat::kHtml)
    return detail::write_html(out, report, detail::document_of(report));
  render(out, report, format, detail::region_json);
}

void write_report(std::ostream& out, const ActionsReport& report, ReportFormat format) {
  render(out, report, format, detail::actions_json);
}

void write_report(std::ostream& out, const CaseloadReport& report, ReportFormat format) {
  render(out, report, format, detail::caseload_json);
}

}  // namespace ifg

// Rendering reports: each report becomes a Document of tables (shared by the
// text, Markdown, CSV and HTML forms), and has its own JSON contract
// (docs/reports.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "ifg/error.h"
#include "ifg/io.h"
#include "ifg/json.h"
#include "ifg/report.h"
#include "report_tables.h"

namespace ifg {

namespace detail {

namespace {

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

// --- regional statistics ------------------------------------------------------

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
    std::string text;
    if (const auto x = rounded(v)) JsonWriter(text).value(*x);
    return text;
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
    persons.rows.push_back(
        {std::string(to_string(p.role)), p.name.value_or(""), text_of(p.birth_year)});
  d.tables.push_back(std::move(persons));

  Table criteria{
      "criteria", "Screening", {"criterion", "verdict", "reason"}, {false, false, false}, {}};
  if (r.screening) {
    for (const auto& c : r.screening->criteria)
      criteria.rows.push_back(
          {std::string(to_string(c.id)), std::string(to_string(c.verdict)), c.reason});
    criteria.rows.push_back({"outcome", std::string(to_string(r.screening->outcome)),
                             "rule set " + r.screening->ruleset});
    for (const auto& w : r.screening->warnings)
      criteria.rows.push_back({"warning", w.code, w.message});
  }
  d.tables.push_back(std::move(criteria));

  std::vector<std::pair<std::string, std::string>> decision;
  if (s.decision) {
    decision = {
        {"decision", s.decision->accepted ? "accepted" : "refused"},
        {"override", s.decision->overridden ? "yes: accepted against the screening outcome" : "no"},
        {"motivation", s.decision->motivation},
        {"by", s.decision->actor},
        {"at", s.decision->at}};
  }
  if (s.closure_reason) {
    decision.emplace_back("closed", std::string(to_string(*s.closure_reason)));
    if (s.closure_note) decision.emplace_back("closure_note", *s.closure_note);
  }
  d.tables.push_back(key_values("decision", "Decision", std::move(decision)));

  Table directors{"directors",
                  "Case director",
                  {"professional", "from", "until", "assigned_by", "reason"},
                  {false, false, false, false, false},
                  {}};
  for (const auto& t : r.directors)
    directors.rows.push_back({t.professional, t.from, t.until.value_or("current"), t.assigned_by,
                              t.reason.value_or("")});
  d.tables.push_back(std::move(directors));

  Table meetings{"meetings",
                 "Case meetings",
                 {"number", "date", "basis", "attendees", "purpose", "notes"},
                 {true, false, false, false, false, false},
                 {}};
  for (const auto& m : r.meetings)
    meetings.rows.push_back({std::to_string(m.number), m.date.to_string(),
                             std::string(to_string(m.basis)), join(m.attendees), m.purpose,
                             m.notes.value_or("")});
  d.tables.push_back(std::move(meetings));

  Table actions{"actions",
                "Action plan",
                {"number", "action", "domain", "professional", "due", "status", "overdue"},
                {true, false, false, false, false, false, false},
                {}};
  for (const auto& a : r.actions)
    actions.rows.push_back({std::to_string(a.number), a.text, a.domain, a.professional,
                            text_of(a.due), std::string(to_string(a.status)),
                            a.overdue ? "OVERDUE" : ""});
  d.tables.push_back(std::move(actions));

  Table involved{"involvement", "Partners involved", {"partner", "why"}, {false, false}, {}};
  for (const auto& i : r.involvement) involved.rows.push_back({i.partner, join(i.reasons)});
  d.tables.push_back(std::move(involved));

  Table timeline{"timeline",
                 "Timeline",
                 {"at", "actor", "event", "details"},
                 {false, false, false, false},
                 {}};
  for (const auto& e : r.timeline)
    timeline.rows.push_back(
        {e.at, e.actor.value_or(""), e.action, e.details == "{}" ? "" : e.details});
  d.tables.push_back(std::move(timeline));
  return d;
}

Document document_of(const RegionReport& r) {
  Document d;
  d.title = "Regional report " + (r.region ? *r.region : join(r.regions));
  d.intro.push_back(period_text(r.from, r.to) + " in " + join(r.regions) +
                    "; open cases and overdue actions as of " + r.today.to_string() + ".");
  if (r.min_cell > 1)
    d.intro.push_back("Counts from 1 to " + std::to_string(r.min_cell - 1) +
                      " are suppressed (shown as <" + std::to_string(r.min_cell) +
                      "), with one more count where a total would reveal them.");
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
  summary.rows = {{"referrals", opt(r.total, "referrals.total")},
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
  d.tables.push_back(counts_table("referrals.by_outcome", "Referrals by outcome", "outcome",
                                  r.by_outcome, r.min_cell));
  d.tables.push_back(counts_table("referrals.by_channel", "Referrals by channel", "channel",
                                  r.by_channel, r.min_cell));
  d.tables.push_back(
      counts_table("referrals.by_month", "Referrals by month", "month", r.by_month, r.min_cell));
  d.tables.push_back(counts_table("open_cases.by_status", "Open cases by status", "status",
                                  r.open_by_status, r.min_cell));
  d.tables.push_back(counts_table("actions.by_status", "Actions by status", "status",
                                  r.actions_by_status, r.min_cell));
  d.tables.push_back(counts_table("actions.by_domain", "Actions by life domain", "life domain",
                                  r.actions_by_domain, r.min_cell));
  d.tables.push_back(counts_table("closures.by_reason", "Closures by reason", "reason",
                                  r.closures_by_reason, r.min_cell));
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
  Table t{"actions",
          "Actions",
          {"case", "action", "domain", "professional", "partner", "due", "status", "days overdue"},
          {false, true, false, false, false, false, false, true},
          {}};
  for (const auto& a : r.rows)
    t.rows.push_back({a.case_id, std::to_string(a.number), a.domain, a.professional, a.partner,
                      text_of(a.due), std::string(to_string(a.status)), text_of(a.days_overdue)});
  d.tables.push_back(std::move(t));
  return d;
}

Document document_of(const CaseloadReport& r) {
  Document d;
  d.title = "Caseload" + (r.region ? " " + *r.region : std::string());
  d.intro.push_back("Open cases directed and open actions held, per professional, as of " +
                    r.today.to_string() + "; most loaded first.");
  Table t{"caseload",
          "Caseload",
          {"professional", "partner", "directed cases", "open actions", "overdue actions",
           "oldest due"},
          {false, false, true, true, true, false},
          {}};
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
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      out << (i ? "," : "") << csv_cell(t.columns[i]);
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

template <class R>
void render(std::ostream& out, const R& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      out << to_json(report, JsonLayout::kIndented) << '\n';
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
  render(out, report, format);
}

void write_report(std::ostream& out, const RegionReport& report, ReportFormat format) {
  if (format == ReportFormat::kCsv) return detail::region_csv(out, report);
  if (format == ReportFormat::kHtml)
    return detail::write_html(out, report, detail::document_of(report));
  render(out, report, format);
}

void write_report(std::ostream& out, const ActionsReport& report, ReportFormat format) {
  render(out, report, format);
}

void write_report(std::ostream& out, const CaseloadReport& report, ReportFormat format) {
  render(out, report, format);
}

}  // namespace ifg

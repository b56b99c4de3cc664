// SPDX-License-Identifier: EUPL-1.2
// Private: small text helpers the library shares, so that each is written once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ifg::detail {

/// Whether a value given by a user may appear in a message: a short code-like
/// token (letters, digits, _ - . / :). Names, free text and control characters
/// are never shown, so no personal data reaches messages or logs.
bool shows(std::string_view value);

/// A value quoted for a message when shows() allows it (`"ANT"`), else "the value
/// given" (translated, ifg::tr).
std::string quote_value(std::string_view value);

/// A noun with the value it names, for messages: named("case", "ANT-2026-0001") is
/// `case "ANT-2026-0001"`, and "the case given" when the value may not be shown.
/// The noun is written as the caller passes it (translated by the caller:
/// named(tr("key"), k)); the phrase around it is translated here.
std::string named(std::string_view noun, std::string_view value);

/// The number of code points, or std::nullopt when `text` is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

/// The length of the UTF-8 sequence that starts at text[i] (1 to 4), or 0
/// when none does (a stray continuation byte, an overlong form, a surrogate).
std::size_t utf8_sequence(std::string_view text, std::size_t i);

/// `text` safe to show on a terminal (docs/formats.md, "Control characters"):
/// C0 controls and DEL as `\x1b` (`\t`, `\n`, `\r` for those three), C1
/// controls (U+0080 to U+009F) as `\u009b`, and bytes that are not UTF-8 as
/// `\xff`; with `keep_breaks`, tabs and line feeds stay (inside a CSV cell).
/// escape_controls("a\x1b[2Jb") is `a\x1b[2Jb` with a backslash, not ESC.
std::string escape_controls(std::string_view text, bool keep_breaks = false);
/// The key by which two names are compared (`export person`): Unicode NFC,
/// case-folded, runs of white space folded to one space, trimmed; so
/// name_key("  PERSON\u00a0 e\u0301") == name_key("person \u00e9"). Text that
/// is not valid UTF-8 keeps its bytes, with ASCII letters lower-cased.
std::string name_key(std::string_view text);

/// The code points of `text` (utf8proc's decoding); a byte that is not UTF-8
/// counts as one code point of its own.
std::u32string code_points(std::string_view text);

/// The Levenshtein distance between `a` and `b` (insertions, deletions and
/// substitutions of one code point), or `limit + 1` as soon as it is more than
/// `limit`: a band of width 2 * limit + 1, so O(length * limit).
int edit_distance(std::u32string_view a, std::u32string_view b, int limit);

/// `text` with ASCII letters upper-cased (region codes); other bytes unchanged.
inline std::string ascii_upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

/// `text` with ASCII letters lower-cased; other bytes unchanged.
inline std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

/// `text` without leading and trailing spaces, tabs and line breaks.
inline std::string trim(std::string_view text) {
  const auto b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(b, e - b + 1));
}

/// The parts of `text` between `separator`s; an empty text has no parts
/// (split("a,b", ',') is {"a", "b"}; split("", ',') is {}).
inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

/// The region a case id names: its prefix, "ANT" of "ANT-2026-0042" (ids are
/// REGION-YEAR-NUMBER); nothing when `id` does not have that shape.
inline std::optional<std::string> case_id_region(std::string_view id) {
  const auto number = id.rfind('-');
  if (number == std::string_view::npos || number == 0) return std::nullopt;
  const auto year = id.rfind('-', number - 1);
  if (year == std::string_view::npos || year == 0) return std::nullopt;
  return std::string(id.substr(0, year));
}

/// The rest of `text` after `prefix`, or nothing when it does not start with it
/// (strip_prefix("referrer_kind", "referrer_") is "kind").
inline std::optional<std::string> strip_prefix(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  return std::string(text.substr(prefix.size()));
}

}  // namespace ifg::detail

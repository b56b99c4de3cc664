// SPDX-License-Identifier: EUPL-1.2
// The language of libifg's messages, over glibc's gettext (ifg/i18n.h).
//
// English is the source language: tr() returns the msgid without asking
// gettext, so English output never depends on the locales a machine has.
// Dutch asks gettext for the domain "ifg" with LANGUAGE=nl. glibc ignores
// LANGUAGE while LC_MESSAGES is the "C" locale, so set_language() moves a "C"
// LC_MESSAGES to "C.UTF-8", which glibc always has: Dutch then needs no
// generated nl_BE locale. Only LC_MESSAGES moves, never LC_NUMERIC: numbers
// keep their decimal point.
#include "ifg/i18n.h"

#include <libintl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <clocale>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "i18n.h"
#include "text.h"

extern "C" int _nl_msg_cat_cntr;  // glibc: bumped to drop gettext's cached look-ups

namespace ifg {

namespace {

constexpr const char* kDomain = "ifg";
std::atomic<Language> chosen{Language::kEnglish};
thread_local int english_scopes = 0;  // detail::ScopedEnglish

bool has_catalogue(const std::string& dir) {
  struct stat st {};
  return ::stat((dir + "/nl/LC_MESSAGES/ifg.mo").c_str(), &st) == 0;
}

void bind_catalogue() {
  static std::once_flag once;
  std::call_once(once, [] {
    bindtextdomain(kDomain, locale_dir().c_str());
    bind_textdomain_codeset(kDomain, "UTF-8");
  });
}

/// The language part of a locale name: "nl_BE.UTF-8@euro" -> "nl".
std::string language_part(std::string_view code) {
  const auto end = code.find_first_of("_-.@");
  return detail::ascii_lower(std::string(code.substr(0, end)));
}

}  // namespace

std::string_view to_string(Language l) {
  return l == Language::kDutch ? "nl" : "en";
}

std::optional<Language> parse_language(std::string_view code) {
  const std::string lang = language_part(code);
  if (lang == "nl" || lang == "nederlands" || lang == "dutch") return Language::kDutch;
  if (lang == "en" || lang == "english" || lang == "c" || lang == "posix")
    return Language::kEnglish;
  return std::nullopt;
}

std::optional<Language> language_from_environment() {
  if (const char* list = std::getenv("LANGUAGE"); list && *list) {
    std::string_view rest(list);
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      const auto item = rest.substr(0, colon);
      if (auto l = parse_language(item); l && !item.empty()) return l;
      rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
    }
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(name); v && *v) return parse_language(v);
  return std::nullopt;
}

void set_language(Language l) {
  if (l == Language::kDutch) {
    const char* current = std::setlocale(LC_MESSAGES, nullptr);
    if (!current || std::strcmp(current, "C") == 0 || std::strcmp(current, "POSIX") == 0)
      std::setlocale(LC_MESSAGES, "C.UTF-8");
    ::setenv("LANGUAGE", "nl", 1);
    ++_nl_msg_cat_cntr;
  }
  chosen.store(l, std::memory_order_relaxed);
}

Language language() {
  return english_scopes > 0 ? Language::kEnglish : chosen.load(std::memory_order_relaxed);
}

detail::ScopedEnglish::ScopedEnglish() {
  ++english_scopes;
}
detail::ScopedEnglish::~ScopedEnglish() {
  --english_scopes;
}

const char* tr(const char* msgid) {
  if (language() == Language::kEnglish || !msgid || !*msgid) return msgid;
  bind_catalogue();
  return dgettext(kDomain, msgid);
}

const char* tr_plural(const char* singular, const char* plural, unsigned long n) {
  if (language() == Language::kEnglish) return n == 1 ? singular : plural;
  bind_catalogue();
  return dngettext(kDomain, singular, plural, n);
}

namespace {
std::string chosen_dir;  // set_locale_dir()
}  // namespace

void set_locale_dir(std::string dir) {
  chosen_dir = std::move(dir);
}

namespace {

/// Whether the running program lies inside the build folder of this libifg
/// (the tests, the build's man pages, a developer's build/cli/ifg). Only such a
/// program reads the build's catalogue: an installed one never looks into a
/// folder that someone else may write.
bool running_from_build() {
  char exe[4096];
  const auto n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return false;
  const std::string_view path(exe, static_cast<std::size_t>(n));
  const std::string_view build = IFG_BUILD_DIR "/";
  return path.substr(0, build.size()) == build;
}

}  // namespace

std::string locale_dir() {
  if (!chosen_dir.empty()) return chosen_dir;
  if (running_from_build() && has_catalogue(IFG_BUILD_LOCALEDIR)) return IFG_BUILD_LOCALEDIR;
  return IFG_INSTALL_LOCALEDIR;
}

}  // namespace ifg

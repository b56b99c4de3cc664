// SPDX-License-Identifier: EUPL-1.2
// The language of what libifg writes for people: error messages, screening
// reasons and warnings, report titles, headings and labels. Machine-readable
// output (JSON keys and codes, CSV column keys, exit codes) never changes with
// it. Messages come from GNU gettext's catalogue of the text domain "ifg"
// (po/nl.po, installed as LOCALEDIR/nl/LC_MESSAGES/ifg.mo).
//
// Thread safety: set_language() changes process-wide state (the LANGUAGE
// variable and, when it is "C", the LC_MESSAGES locale); call it at start-up,
// before other threads use libifg. tr() and the functions that call it are
// safe to call from several threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ifg/export.h"

namespace ifg {

enum class Language { kEnglish, kDutch };

/// "en" or "nl".
IFG_EXPORT std::string_view to_string(Language l);

/// The language a code names: "nl", "nl_BE.UTF-8", "nl-BE", "Nederlands",
/// "en", "en_GB.UTF-8", "C", "POSIX" (English), ...; nullopt for any other.
IFG_EXPORT std::optional<Language> parse_language(std::string_view code);

/// The language the environment asks for, in the order of GNU gettext: the
/// first of LANGUAGE's colon-separated list that names nl or en, then LC_ALL,
/// LC_MESSAGES, LANG; nullopt when none of them names either.
IFG_EXPORT std::optional<Language> language_from_environment();

/// Chooses the language of every message libifg writes from now on.
///     ifg::set_language(ifg::Language::kDutch);
IFG_EXPORT void set_language(Language l);

/// The language chosen by set_language(); English until it is called.
IFG_EXPORT Language language();

/// `msgid` in the chosen language: itself in English, its translation from
/// the catalogue in Dutch (itself when the catalogue lacks it).
IFG_EXPORT const char* tr(const char* msgid);

/// The singular or plural form for `n` in the chosen language.
IFG_EXPORT const char* tr_plural(const char* singular, const char* plural, unsigned long n);

/// Where the catalogue is read from: the folder given to set_locale_dir(),
/// else the build tree's when the running program lies inside that build tree
/// (tests, a developer's build), else the installed one.
IFG_EXPORT std::string locale_dir();

/// Reads the catalogue from `dir` (holding nl/LC_MESSAGES/ifg.mo) instead;
/// before the first Dutch message. The `ifg` program takes IFG_LOCALEDIR.
IFG_EXPORT void set_locale_dir(std::string dir);

}  // namespace ifg

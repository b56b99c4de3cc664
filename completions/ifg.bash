# SPDX-License-Identifier: EUPL-1.2
# bash completion for ifg (docs/manpages-and-completion.md). The candidates come
# from the program itself, `ifg __complete WORD...`, so that they are the
# commands, options and values it accepts; `__files__` means a file name.
# Installed to share/bash-completion/completions/ifg; from a source tree:
#   source completions/ifg.bash
_ifg() {
  local cur words cword
  if declare -F _get_comp_words_by_ref > /dev/null; then
    _get_comp_words_by_ref -n =: cur words cword
  else
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]}
  fi
  local -a found
  mapfile -t found < <("${words[0]}" __complete "${words[@]:1:cword}" 2> /dev/null)
  if [[ ${#found[@]} -eq 1 && ${found[0]} == __files__ ]]; then
    compopt -o filenames 2> /dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  else
    COMPREPLY=("${found[@]}")
  fi
}
complete -F _ifg ifg

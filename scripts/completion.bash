# bash completion for awsreconciled: commands, options, files and directories where they go,
# `get` kinds, and logical IDs asked of the running daemon. Installed as
# /usr/share/bash-completion/completions/awsreconciled.
_awsreconciled() {
  local cur prev words cword
  _init_completion || return
  local commands="run validate aws export schema types status get plan reconcile approve reload events"
  local command="" config=() i
  for ((i = 1; i < cword; i++)); do
    case "${words[i]}" in
      -c|--config) config=(--config "${words[i+1]}"); ((i++)) ;;
      -o|--output|--api|--token-file|--out|--type|--region|--tag) ((i++)) ;;
      -*) ;;
      *) [[ -z "$command" ]] && command=${words[i]} ;;
    esac
  done
  case "$prev" in
    -c|--config) _filedir json; return ;;
    --token-file) _filedir; return ;;
    --out) _filedir -d; return ;;
    --type) COMPREPLY=($(compgen -W "$(awsreconciled types 2>/dev/null)" -- "$cur")); return ;;
    --region|--tag) return ;;
    -o|--output) COMPREPLY=($(compgen -W "table json name" -- "$cur")); return ;;
    --api) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    local options="--config --help --version"
    case "$command" in
      status|get|plan|reconcile|approve|reload|events)
        options="--config --output --api --token-file"
        [[ "$command" == events ]] && options+=" --follow" ;;
      run|validate) options="--config" ;;
      export) options="--config --type --region --tag --include-defaults --out" ;;
    esac
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  local ids
  case "$command" in
    "") COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
    validate) _filedir -d ;;
    get)
      if [[ "$prev" == get ]]; then
        COMPREPLY=($(compgen -W "resources files events" -- "$cur"))
      elif [[ "$prev" == resources ]]; then
        ids=$(awsreconciled get resources -o name "${config[@]}" 2>/dev/null)
        COMPREPLY=($(compgen -W "$ids" -- "$cur"))
      fi ;;
    reconcile)
      ids=$(awsreconciled get resources -o name "${config[@]}" 2>/dev/null)
      COMPREPLY=($(compgen -W "$ids" -- "$cur")) ;;
  esac
}
complete -F _awsreconciled awsreconciled

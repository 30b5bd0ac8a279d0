/**
 * The completion scripts `supervisor-tui completion SHELL` prints. Each hands the command line up to
 * the cursor to `supervisor-tui completion complete -- LINE` (src/completion/candidates.ts), which
 * prints one candidate per line, or `:files` where a path goes; so the three shells share one
 * vocabulary and only the shell glue differs.
 */
import type { Shell } from './candidates.ts';

const BASH = `# supervisor-tui completion for bash.
# Load it: source <(supervisor-tui completion bash)
# or install: supervisor-tui completion bash > /etc/bash_completion.d/supervisor-tui
_supervisor_tui() {
    local line=\${COMP_LINE:0:COMP_POINT} prog=\${COMP_WORDS[0]/#\\~/$HOME} out c wb=
    line=\${line#"\${line%%[![:space:]]*}"}
    line=\${line#*[[:space:]]}
    out=$("$prog" completion complete -- "$line" 2>/dev/null) || return 0
    local cur=\${line##*[[:space:]]}
    if [[ $out == :files ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    # bash splits words at ':' and '=' (COMP_WORDBREAKS): offer only what follows the last one.
    [[ $COMP_WORDBREAKS == *:* && $cur == *:* ]] && wb=\${cur%"\${cur##*:}"}
    COMPREPLY=()
    while IFS= read -r c; do
        [[ -n $c ]] && COMPREPLY+=("\${c#"$wb"}")
    done <<<"$out"
}
complete -F _supervisor_tui supervisor-tui
`;

const ZSH = `#compdef supervisor-tui
# supervisor-tui completion for zsh.
# Load it (after compinit): source <(supervisor-tui completion zsh)
# or install as _supervisor-tui in a directory of $fpath.
_supervisor_tui() {
    local line out
    local -a cands
    line="\${(j: :)words[2,CURRENT-1]} $PREFIX"
    out=$(\${words[1]} completion complete -- "$line" 2>/dev/null) || return 1
    if [[ $out == :files ]]; then
        _files
        return
    fi
    cands=("\${(@f)out}")
    compadd -Q -- "\${cands[@]}"
}
if (( $+functions[compdef] )); then
    compdef _supervisor_tui supervisor-tui
fi
`;

const FISH = `# supervisor-tui completion for fish.
# Load it: supervisor-tui completion fish | source
# or install: supervisor-tui completion fish > ~/.config/fish/completions/supervisor-tui.fish
function __supervisor_tui_complete
    set -l line (string replace -r '^\\s*\\S+\\s*' '' -- (commandline -cp))
    set -l out (supervisor-tui completion complete -- "$line" 2>/dev/null)
    if test "$out" = ":files"
        __fish_complete_path (commandline -ct)
    else
        printf '%s\\n' $out
    end
end
complete -c supervisor-tui -f -a '(__supervisor_tui_complete)'
`;

export const SCRIPTS: Readonly<Record<Shell, string>> = { bash: BASH, zsh: ZSH, fish: FISH };

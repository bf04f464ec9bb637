import ArgumentParser

extension AeroshCommand {
    /// `aerosh --generate-completion-script bash|zsh|fish`: swift-argument-parser's script,
    /// and for bash an adapter for the default subcommand. The generated scripts complete the
    /// top level's own words (the subcommand names, --help, --version), but `aerosh` without a
    /// subcommand runs `shell`, whose options (`aerosh --embedded …`) are the ones people type
    /// there; the adapter completes those words as `aerosh shell …` would be.
    /// nil for a shell it does not know.
    static func completionScript(forShellNamed name: String?) -> String? {
        guard let shell = name.map({ CompletionShell(rawValue: $0) }) ?? CompletionShell.autodetected() else {
            return nil
        }
        let script = completionScript(for: shell)
        return shell == .bash ? script + bashDefaultSubcommandAdapter : script
    }

    /// Replaces the generated registration (`complete -F _aerosh aerosh`): words after a named
    /// subcommand go to `_aerosh` as they are; any other line is completed with `shell`
    /// inserted after the command (in COMP_WORDS, COMP_LINE and the cursor), and the first
    /// word is also offered the subcommand names.
    static let bashDefaultSubcommandAdapter = #"""

        # aerosh runs its `shell` subcommand when none is named: complete such a line as
        # `aerosh shell …`, and offer the subcommand names at the first word too.
        _aerosh_default_subcommand() {
            case "${COMP_WORDS[1]}" in
            shell|serve|help)
                if [[ "${COMP_CWORD}" -ge 2 ]]; then
                    _aerosh "${@}"
                    return
                fi
                ;;
            esac
            local -r command="${COMP_WORDS[0]}"
            local -ar words=("${command}" shell "${COMP_WORDS[@]:1}")
            local -ir cword=$((COMP_CWORD + 1)) point=$((COMP_POINT + 6))
            local -r line="${command} shell${COMP_LINE:${#command}}"
            local -a COMP_WORDS=("${words[@]}")
            local -i COMP_CWORD="${cword}"
            if [[ "${COMP_LINE}" = "${command}"* ]]; then
                local COMP_LINE="${line}"
                local -i COMP_POINT="${point}"
            fi
            _aerosh "${1}" "${2}" "${COMP_WORDS[COMP_CWORD - 1]}"
            if [[ "${COMP_CWORD}" -eq 2 ]]; then
                COMPREPLY+=($(compgen -W 'serve shell' -- "${2}"))
            fi
        }
        complete -o filenames -F _aerosh_default_subcommand aerosh

        """#
}

#!/usr/bin/env bash
# The shell completions in completions/ keep up with the tools: completing "fb-NAME --" in bash
# offers every long option of fb-NAME --help (and of each subcommand's --help after its name),
# the fixed values of choice options (TEXT:{a,b}) are offered after the option, sourcing the file
# registers every tool (complete -p), and the zsh file parses and names every option.
# Usage: completions.sh TOOLS_BUILD_DIR
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/tests/tools/common.bash" "$1"
bash_file=$root/completions/fbkit.bash
zsh_file=$root/completions/_fbkit

# Long options of a --help text: the first column of the option lines ("  -n,--count UINT=100").
long_options() {
    awk '/^Subcommands:/ { exit } /^ +-/ { n = split($1, names, ","); for (i = 1; i <= n; i++) if (names[i] ~ /^--/) print names[i] }' | sort -u
}
# Subcommand names of a --help text.
subcommands() {
    awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on && /^[^ ]/ { exit }'
}
# "--option values..." for each choice option of a --help text ("  --mode TEXT:{a,b}=a").
choice_options() {
    awk '/^Subcommands:/ { exit } /^ +-/ && match($0, /:\{[^}]*\}/) {
        n = split($1, names, ","); v = substr($0, RSTART + 2, RLENGTH - 3); gsub(/,/, " ", v)
        print names[n], v }'
}
# What the bash completion offers for a command line (words; the last one is completed).
complete_words() {
    bash -c '. "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _fbkit "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' completion "$bash_file" "$@"
}
# Words of list $1 missing from list $2.
missing_from() {
    comm -23 <(printf '%s\n' $1 | sort -u) <(printf '%s\n' $2 | sort -u) | tr '\n' ' '
}

tools_seen=()
for dir in "$tools"/fb-*/; do
    tool=$(basename "$dir")
    [ -x "$dir/$tool" ] || continue
    tools_seen+=("$tool")
    help=$("$tool" --help)

    check "bash: sourcing registers $tool" \
        bash -c '. "$1" && complete -p "$2" | grep -q -- "-F _fbkit $2\$"' completion "$bash_file" "$tool"

    # Each command line: the tool, then each subcommand.
    lines=("$tool")
    for sub in $(subcommands <<<"$help"); do lines+=("$tool $sub"); done
    for line in "${lines[@]}"; do
        read -ra words <<<"$line"
        h=$("${words[@]}" --help)
        options=$(long_options <<<"$h")
        offered=$(complete_words "${words[@]}" --)
        gap=$(missing_from "$options" "$offered")
        check "bash: '$line --' offers all $(wc -w <<<"$options") long options${gap:+ (missing: $gap)}" test -z "$gap"

        while read -r opt values; do
            [ -n "$opt" ] || continue
            gap=$(missing_from "$values" "$(complete_words "${words[@]}" "$opt" '')")
            check "bash: '$line $opt' offers $values${gap:+ (missing: $gap)}" test -z "$gap"
        done < <(choice_options <<<"$h")

        if [ -f "$zsh_file" ]; then
            gap=
            for opt in $options; do
                grep -qE -- "[{'\"(,)]$opt[]=[+'}]" "$zsh_file" || gap+="$opt "
            done
            check "zsh: _fbkit names every long option of '$line --help'${gap:+ (missing: $gap)}" test -z "$gap"
        fi
    done
    for sub in $(subcommands <<<"$help"); do
        check "bash: '$tool ' offers the subcommand $sub" grep -qx "$sub" <(complete_words "$tool" '')
    done
    check "zsh: #compdef lists $tool" grep -qE "^#compdef( .*)? $tool( |\$)" "$zsh_file"
done
[ ${#tools_seen[@]} -gt 0 ] || { echo "FAIL: no tools built in $tools"; exit 1; }

# A file name is completed after a FILE option.
touch clientes.csv
check "bash: 'fb-enrich --customers cli' completes the file name" \
    grep -qx clientes.csv <(complete_words fb-enrich --customers cli)

if command -v zsh >/dev/null 2>&1; then
    check "zsh: _fbkit parses (zsh -n)" zsh -n "$zsh_file"
else
    echo "note: zsh is not installed; _fbkit not parsed"
fi

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "completions ok for ${tools_seen[*]}"

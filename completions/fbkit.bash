# bash completion for the fbkit tools: fb-gen, fb-ingest, fb-enrich, fb-classify, fb-sink-mongo,
# fb-sink-es, fb-analyze and fb-consume. Completes options, the fixed values of options that take a choice
# (--format, --mode, --backend ...), file and directory names where an option wants one, and
# fb-classify's subcommand train.
#
# Installed as /usr/share/bash-completion/completions/fbkit with one link per tool name, so that
# bash-completion loads it on first use of any tool; or source it from ~/.bashrc.
# The option lists follow each tool's --help; tests/tools/completions.sh checks that they do.

# Options every filter declares (see fbkit(7), COMMON OPTIONS).
_fbkit_common_opts='-h --help -i --input -o --output --rejects --stats --max-rejects --max-line-bytes
    --progress --no-progress -q --quiet --version'
_fbkit_common_files='-i --input -o --output --rejects --stats'
_fbkit_common_args='--max-rejects --max-line-bytes'

# _fbkit_spec TOOL [SUBCOMMAND]: sets opts (every option), files (options taking a file name),
# dirs (taking a directory), args (taking a value with nothing to complete) and choices (a
# function name: prints the fixed values of option $1, or fails when it has none).
_fbkit_spec() {
    opts=$_fbkit_common_opts files=$_fbkit_common_files dirs= args=$_fbkit_common_args
    choices=_fbkit_no_choices
    case $1 in
        fb-gen)
            opts='-h --help -o --output --rejects --stats --max-rejects --progress --no-progress -q --quiet
                --version -n --count --rate --seed --start-invoice --continue-from --from --to --year
                --month --day --now --channel --description --date-format --with-truth --customers --pg
                --pg-query --pg-url --sample-customers --write-tables --post -H --header --concurrency
                --timeout-ms'
            files='-o --output --rejects --stats --continue-from --customers'
            dirs='--write-tables'
            args='--max-rejects -n --count --rate --seed --start-invoice --from --to --year --month --day
                --channel --description --pg-query --pg-url --sample-customers --post -H --header
                --concurrency --timeout-ms'
            choices=_fbkit_gen_choices
            ;;
        fb-ingest)
            opts+=' --format --csv-sep --tz --dedupe --listen --token --max-body --threads'
            args+=' --csv-sep --tz --listen --token --max-body --threads'
            choices=_fbkit_ingest_choices
            ;;
        fb-enrich)
            opts+=' --customers --branches --pg --pg-url --customers-table --branches-table
                --customers-query --branches-query --pg-attempts --on-missing --refresh --threads'
            files+=' --customers --branches'
            args+=' --pg-url --customers-table --branches-table --customers-query --branches-query
                --pg-attempts --refresh --threads'
            choices=_fbkit_enrich_choices
            ;;
        fb-classify)
            if [ "$2" = train ]; then
                # train falls through to the main command's options (-o MODEL, inputs, --text-field ...).
                opts+=' --epoch --lr --ngrams --dim --char-ngrams --min-count --buckets --threads --seed
                    --text-field --categories'
                files+=' --categories'
                args+=' --epoch --lr --ngrams --dim --char-ngrams --min-count --buckets --threads --seed
                    --text-field'
                return
            fi
            opts+=' --backend --model --api --base-url --llm-model --fallback --min-confidence
                --concurrency --max-rps --timeout --retry-for --max-chars --json-mode --cache
                --fail-on-error --categories --lexicon-dir --text-field --explain --threads --memo'
            files+=' --model --cache --categories'
            dirs='--lexicon-dir'
            args+=' --base-url --llm-model --min-confidence --concurrency --max-rps --timeout --retry-for
                --max-chars --text-field --threads --memo'
            choices=_fbkit_classify_choices
            ;;
        fb-sink-mongo)
            opts+=' --uri --db --collection --key --mode --batch-size --batch-bytes --in-flight --ordered
                --write-concern --ensure-index --geo --keep-meta --passthrough --retry-for'
            args+=' --uri --db --collection --key --batch-size --batch-bytes --in-flight --write-concern
                --retry-for'
            choices=_fbkit_sink_mongo_choices
            ;;
        fb-sink-es)
            opts+=' --url --index --id-field --op --batch-size --batch-bytes --in-flight --gzip --refresh
                --template --template-name --keep-meta --passthrough --retry-for --timeout --user
                --password --api-key --cacert --cert --key --insecure'
            files+=' --template --cacert --cert --key'
            args+=' --url --index --id-field --batch-size --batch-bytes --in-flight --template-name
                --retry-for --timeout --user --password --api-key'
            choices=_fbkit_sink_es_choices
            ;;
        fb-analyze)
            opts+=' --format --html --es-docs --mongo --mongo-uri --db --collection --filter --k --seed
                --no-models --trees --forecast-days --forecast-months --keep-stopwords --stopwords --top-words
                --top-descriptions --max-customers --interval'
            files+=' --html --es-docs --stopwords'
            args+=' --mongo-uri --db --collection --filter --k --seed --trees --forecast-days
                --forecast-months --top-words --top-descriptions --max-customers --interval'
            choices=_fbkit_analyze_choices
            ;;
        fb-consume)
            opts='-h --help --stats --progress --no-progress -q --quiet --version -b --brokers -t --topic
                -g --group -n --batch --linger --from -e --until-empty --connect-timeout --stop-timeout -X'
            files='--stats'
            args='-b --brokers -t --topic -g --group -n --batch --linger --connect-timeout --stop-timeout -X'
            choices=_fbkit_consume_choices
            ;;
    esac
}

_fbkit_no_choices() { return 1; }
_fbkit_gen_choices() {
    case $1 in
        --date-format) echo 'seed iso' ;;
        *) return 1 ;;
    esac
}
_fbkit_ingest_choices() {
    case $1 in
        --format) echo 'auto ndjson csv' ;;
        --tz) echo 'UTC America/Sao_Paulo America/Manaus America/Recife -03:00' ;;
        *) return 1 ;;
    esac
}
_fbkit_consume_choices() {
    case $1 in
        --from) echo 'earliest latest' ;;
        *) return 1 ;;
    esac
}
_fbkit_enrich_choices() {
    case $1 in
        --on-missing) echo 'keep reject drop' ;;
        *) return 1 ;;
    esac
}
_fbkit_classify_choices() {
    case $1 in
        --backend) echo 'auto lexicon fasttext llm' ;;
        --api) echo 'openai ollama ollama-openai' ;;
        --fallback) echo 'llm' ;;
        --json-mode) echo 'schema object none' ;;
        *) return 1 ;;
    esac
}
_fbkit_sink_mongo_choices() {
    case $1 in
        --mode) echo 'upsert replace insert merge' ;;
        --write-concern) echo 'majority 1' ;;
        *) return 1 ;;
    esac
}
_fbkit_sink_es_choices() {
    case $1 in
        --op) echo 'index create update' ;;
        --refresh) echo 'true false wait_for' ;;
        *) return 1 ;;
    esac
}
_fbkit_analyze_choices() {
    case $1 in
        --format) echo 'text json' ;;
        *) return 1 ;;
    esac
}

# _fbkit_has WORD LIST: is WORD one of the words of LIST?
_fbkit_has() {
    local w
    for w in $2; do [ "$w" = "$1" ] && return 0; done
    return 1
}

# File (or, with -d, directory) names into COMPREPLY; bash-completion's _filedir when loaded.
_fbkit_files() {
    if declare -F _filedir >/dev/null; then
        _filedir "$@"
        return
    fi
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    if [ "${1-}" = -d ]; then
        COMPREPLY=($(compgen -d -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

_fbkit() {
    local tool=${1##*/} cur=${COMP_WORDS[COMP_CWORD]} prev= sub= i
    local opts files dirs args choices values
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # bash splits --opt=value at '=' (COMP_WORDBREAKS): complete the value of --opt.
    if [ "$cur" = = ] && [[ $prev == --* ]]; then
        cur=
    elif [ "$prev" = = ] && [ "$COMP_CWORD" -gt 1 ] && [[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    fi

    if [ "$tool" = fb-classify ]; then
        for ((i = 1; i < COMP_CWORD; i++)); do
            [ "${COMP_WORDS[i]}" = train ] && sub=train && break
        done
    fi
    _fbkit_spec "$tool" "$sub"

    # The value of an option.
    if [[ $prev == -* ]]; then
        if values=$($choices "$prev"); then
            COMPREPLY=($(compgen -W "$values" -- "$cur"))
            return 0
        elif _fbkit_has "$prev" "$files"; then
            _fbkit_files
            return 0
        elif _fbkit_has "$prev" "$dirs"; then
            _fbkit_files -d
            return 0
        elif _fbkit_has "$prev" "$args"; then
            return 0
        fi
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    # Positional arguments: input files (fb-gen has none; fb-consume's is a shell pipeline), and
    # fb-classify's subcommand.
    [ "$tool" = fb-gen ] || [ "$tool" = fb-consume ] && return 0
    _fbkit_files
    if [ "$tool" = fb-classify ] && [ -z "$sub" ]; then
        COMPREPLY+=($(compgen -W train -- "$cur"))
    fi
    return 0
}

complete -F _fbkit fb-gen fb-ingest fb-enrich fb-classify fb-sink-mongo fb-sink-es fb-analyze fb-consume

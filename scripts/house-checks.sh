#!/usr/bin/env bash
# The rules of the house that a machine can check (docs/architecture.md, "Rules of the
# house"), cheap enough for every CI run (.ci/run). Each has an allowlist of deliberate
# exceptions, each with its reason; a finding prints file:line and what to do, and the
# script exits 1. No Swift build needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
problems=0
complain() { echo "house: $*" >&2; problems=$((problems + 1)); }

# 1. No library module names a command-line option: the libraries say what happened, the
#    `mailaudit` target words the advice (CommandLineAdvice). String literals only: comments
#    may say which option a value comes from.
LIBRARIES=(MailFacts MailRecords DNSClient Collector AuditPipeline RuleEngine Reports SMTPProbe History Drift NetworkSupport)
for module in "${LIBRARIES[@]}"; do
    while IFS= read -r hit; do
        [ -n "$hit" ] || continue
        complain "$hit: a library names a command-line option; give a typed cause and let the mailaudit target word the advice"
    done < <(grep -rnE '"[^"]*--[a-z][a-z0-9-]+' "Sources/$module" --include='*.swift' \
             | grep -v '\.generated\.swift:' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' || true)
done

# 2. No issue numbers in the code, the tests or the docs: they say what and why in their own
#    words (an issue number means nothing to a reader of the code, and issues move).
while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    complain "$hit: an issue number; say what the code or test is about instead"
done < <(grep -rnE '[Ii]ssues? [0-9]+' Sources Tests docs README.md rules --include='*.swift' --include='*.md' --include='*.sh' \
         --include='*.py' --include='*.yaml' | grep -v '\.generated\.swift:' || true)

# 3. One top-level type per file in Sources (private helper types of a file may stay with it).
#    Tests are not held to it: a test file groups the suites and fakes of one topic.
#    Allowlisted: Entry.swift defines FuzzEntry twice, once per build (#if FUZZING).
ONE_TYPE_ALLOWED=(Sources/mailaudit-fuzz/Entry.swift)
while IFS= read -r file; do
    case " ${ONE_TYPE_ALLOWED[*]} " in *" $file "*) continue ;; esac
    names=$(grep -E '^(public |internal |final |open )*(struct|class|enum|protocol|actor) ' "$file" \
            | sed -E 's/^(public |internal |final |open )*(struct|class|enum|protocol|actor) ([A-Za-z0-9_]+).*/\3/' || true)
    count=$(printf '%s' "$names" | grep -c . || true)
    [ "$count" -le 1 ] || complain "$file: $count top-level types ($(echo $names)); one per file, named after it"
done < <(find Sources -name '*.swift' ! -name '*.generated.swift' | sort)

# 4. The module table of docs/architecture.md names every module of Package.swift that is not
#    a test target, and nothing else.
declared=$(tr '\n' ' ' <Package.swift | grep -oE '\.(target|executableTarget|systemLibrary)\([[:space:]]*name: "[A-Za-z-]+"' \
           | sed -E 's/.*name: "([^"]+)"/\1/' | sort -u)
# LabSupport is a plain target for the tests' sake: the table says so.
documented=$(grep -E '^\| `' docs/architecture.md | cut -d'|' -f2 | grep -oE '`[A-Za-z-]+`' | tr -d '`' | sort -u)
for module in $declared; do
    grep -qx "$module" <<<"$documented" || complain "docs/architecture.md: module $module (Package.swift) is not in the module table"
done
for module in $documented; do
    grep -qx "$module" <<<"$declared" || complain "docs/architecture.md: the module table names $module, which Package.swift does not have"
done

if [ "$problems" -gt 0 ]; then
    echo "house: $problems problems" >&2
    exit 1
fi
echo "house: the checks pass (library option names, issue numbers, one type per file, the module table)"

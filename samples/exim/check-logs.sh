#!/bin/bash
# Count the lines of an Exim mainlog the way expected.tsv counts them, and compare.
#
#   samples/exim/check-logs.sh samples/exim/expected.tsv samples/exim/default/mainlog
#
# This is a deliberately plain classifier (grep/awk), independent of scenarios.py: it only sees
# the log. Exit status 0 when the counts agree.
#
#   =>, ->   sent       outbound when the line has T=remote_smtp* or H=, else local;
#                       code and enhanced code from C="..."
#   ==       deferred   \  outbound or local as above; code and enhanced code from the reply
#   **       bounced    /  quoted after "SMTP error from remote mail server after ...:"
#   rejected            inbound, Exim's own ACL/SMTP rejections, which carry no code: the code
#                       is the one Exim sent (inferred = 1): 451 for "temporarily rejected",
#                       501 for "syntactically invalid argument(s)", 554 for "SMTP protocol
#                       synchronization error", 550 otherwise
#   auth-failed         "authenticator failed", code and enhanced code from the text
set -euo pipefail
expected=$1 log=$2

found=$(awk '
function reply_codes(text,    m, rest) {   # sets CODE and ENH from the first "NNN[ -]X.Y.Z"
    CODE = 0; ENH = ""
    if (match(text, /[245][0-9][0-9][ -]/)) {
        CODE = substr(text, RSTART, 3)
        rest = substr(text, RSTART + 4)
        if (match(rest, /^[245]\.[0-9][0-9]?[0-9]?\.[0-9][0-9]?[0-9]?/))
            ENH = substr(rest, RSTART, RLENGTH)
    }
}
function where(line) {
    return (line ~ / T=remote_smtp/ || line ~ / H=/) ? "outbound" : "local"
}
{
    line = $0
    if (match(line, / (=>|->|==|\*\*) /)) {
        flag = substr(line, RSTART + 1, 2)
        dir = where(line)
        if (flag == "=>" || flag == "->") {
            outcome = "sent"; CODE = 0; ENH = ""
            if (match(line, / C="/)) reply_codes(substr(line, RSTART + 4))
        } else {
            outcome = (flag == "==") ? "deferred" : "bounced"
            CODE = 0; ENH = ""
            if (match(line, /SMTP error from remote mail server after [^:]*(:<[^>]*>)?[^:]*: /))
                reply_codes(substr(line, RSTART + RLENGTH))
        }
        print dir "\t" outcome "\t" CODE "\t" ENH "\t0"
    } else if (line ~ /SMTP protocol synchronization error/) {
        print "inbound\trejected\t554\t\t1"
    } else if (line ~ /rejected (RCPT|MAIL|EHLO|HELO|after DATA)/) {
        code = 550
        if (line ~ /temporarily rejected/) code = 451
        else if (line ~ /syntactically invalid argument/) code = 501
        print "inbound\trejected\t" code "\t\t1"
    } else if (line ~ /authenticator failed for /) {
        # the reply follows the host, which may end in ":port" and " I=[ip]:port"
        match(line, /authenticator failed for .*: [245][0-9][0-9][ -]/)
        reply_codes(substr(line, RSTART + RLENGTH - 5))
        print "inbound\tauth-failed\t" CODE "\t" ENH "\t0"
    }
}' "$log" | sort | uniq -c | awk -v OFS='\t' '{ n = $1; sub(/^ *[0-9]+ /, ""); print $0, n }')

# Compare as "direction outcome code enhanced inferred -> count".
norm_expected=$(awk -F'\t' -v OFS='\t' 'NR > 1 { print $1, $2, $3, $4, $6, $5 }' "$expected" | sort)
norm_found=$(awk -F'\t' -v OFS='\t' '{ print $1, $2, $3, $4, $5, $6 }' <<<"$found" | sort)

printf '%-9s %-12s %-5s %-9s %-9s %9s %6s\n' direction outcome code enhanced inferred expected found
join -t $'\t' -a1 -a2 -e 0 -o 0,1.2,2.2 \
    <(awk -F'\t' -v OFS='\t' '{ print $1"|"$2"|"$3"|"$4"|"$5, $6 }' <<<"$norm_expected" | sort) \
    <(awk -F'\t' -v OFS='\t' '{ print $1"|"$2"|"$3"|"$4"|"$5, $6 }' <<<"$norm_found" | sort) |
    awk -F'\t' '{ split($1, k, "|"); mark = ($2 == $3) ? "" : "   <-- MISMATCH"
                  printf "%-9s %-12s %-5s %-9s %-9s %9s %6s%s\n", k[1], k[2], k[3], k[4], k[5], $2, $3, mark }'

if [ "$norm_expected" = "$norm_found" ]; then
    echo "OK: $log agrees with $expected"
else
    echo "MISMATCH: $log does not agree with $expected"
    exit 1
fi

#!/usr/bin/awk -f
# count-outcomes.awk - count the outcome lines of a Postfix log, as expected.tsv defines them.
#
#   awk -f count-outcomes.awk postfix.log | LC_ALL=C sort
#
# Prints "direction<TAB>outcome<TAB>code<TAB>enhanced<TAB>count" for every distinct
# combination.  Reads the traditional BSD format and the RFC 3339 format alike.  This is
# a deliberately small, independent reading of the log (POSIX awk, no gawk extensions),
# used by make-samples.sh to check the log against the scenario table:
#   outcome   " status=<word>" (force-expired counts as expired), or ": reject: ",
#             ": reject_warning: ", ": hold: ", ": discard: "
#   direction from the program name: smtp lmtp qmgr -> outbound; smtpd postscreen
#             cleanup -> inbound; local virtual pipe error discard -> local
#   code      the first "NNN " or "NNN-" reply after ": " or "(" in the reason, else 0
#   enhanced  the code right after that reply code, else dsn=, else (reject lines
#             without a reply code, e.g. cleanup's) a ": X.Y.Z " in the text, else empty
{
    tag = ($1 ~ /^[0-9][0-9][0-9][0-9]-/) ? $3 : $5
    sub(/\[[0-9]+\]:$/, "", tag)
    if (tag !~ /^postfix/) next
    n = split(tag, parts, "/"); svc = parts[n]

    line = $0; reject = 0
    if (match(line, / status=[a-z-]+[ ,]/)) {
        outcome = substr(line, RSTART + 8, RLENGTH - 9)
        if (outcome == "force-expired") outcome = "expired"
    } else if (match(line, /: reject: /)) { outcome = "rejected"; reject = 1 }
    else if (match(line, /: reject_warning: /)) { outcome = "reject-warning"; reject = 1 }
    else if (match(line, /: hold: /)) outcome = "held"
    else if (match(line, /: discard: /)) outcome = "discarded"
    else next
    text = substr(line, RSTART + RLENGTH - 1)

    if (svc == "smtp" || svc == "lmtp" || svc == "qmgr") direction = "outbound"
    else if (svc == "smtpd" || svc == "postscreen" || svc == "cleanup") direction = "inbound"
    else if (svc == "local" || svc == "virtual" || svc == "pipe" || svc == "error" || svc == "discard") direction = "local"
    else direction = "other:" svc

    code = 0; enh = ""
    if (match(text, /(: |\()[2-5][0-9][0-9][ -]/)) {
        code = substr(text, RSTART + RLENGTH - 4, 3) + 0
        rest = substr(text, RSTART + RLENGTH)
        if (match(rest, /^[2-5]\.[0-9]+\.[0-9]+[ ;)]/)) enh = substr(rest, 1, RLENGTH - 1)
    }
    if (enh == "" && match(line, /dsn=[0-9.]+/)) enh = substr(line, RSTART + 4, RLENGTH - 4)
    if (enh == "" && code == 0 && reject && match(text, /: [2-5]\.[0-9]+\.[0-9]+ /))
        enh = substr(text, RSTART + 2, RLENGTH - 3)

    count[direction "\t" outcome "\t" code "\t" enh]++
}
END { for (k in count) print k "\t" count[k] }

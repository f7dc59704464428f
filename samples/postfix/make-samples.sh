#!/bin/bash
# make-samples.sh - regenerate samples/postfix/*.log with a real Postfix (Debian 12: 3.7).
#
#   sudo bash samples/postfix/make-samples.sh
#
# Builds a throw-away Postfix under $BASE (default /var/spool/smtplog-samples, wiped at
# every run) from the templates in conf/, and runs it, with rsyslogd, the scripted SMTP
# server samples/tools/smtp-sink.py and a fake DNS server, inside a private mount
# namespace where /dev/log, /etc/hosts and /etc/resolv.conf are our own: nothing else on
# the machine can write into the sample logs, and the DNS answers do not depend on the
# machine's network.  scenarios.py then plays the scenario table; afterwards everything
# is stopped, the two logs are copied here, expected.tsv is written from the table, and
# count-outcomes.awk checks the logs against it.  Exit status 0 only if they agree.
#
# Needs: root, postfix, rsyslog, python3, util-linux (unshare), mawk/gawk.  Creates the
# local user "alice" (no home, no shell) if missing.  Takes about a minute.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SINK=$(cd "$HERE/../tools" && pwd)/smtp-sink.py
BASE=${SMTPLOG_SAMPLES_BASE:-/var/spool/smtplog-samples}
OUT=${SMTPLOG_SAMPLES_OUT:-$HERE}
PYTHON=${PYTHON:-python3}
DNS_ADDR=127.0.5.3
POSTFIX_PORTS="2500 2501 2587"
CLOSED_PORT=2529            # transport "refused.smtplog.test": nothing may listen here
SINK_LISTEN=(
    127.0.0.1:2525                  # sink.smtplog.test (smtp) and lmtp.smtplog.test (lmtp)
    127.0.0.1:2533                  # rcpt421.smtplog.test: its own nexthop
    127.0.0.1:2532                  # tls.smtplog.test: never offers STARTTLS
    127.0.0.1:2540                  # out.smtplog.test: the postfix-out transport
    127.0.0.1:2526=greet554-5.7.1   # greet554.smtplog.test
    127.0.0.1:2527=greet421         # greet421.smtplog.test
    127.0.0.1:2528=silent           # silent.smtplog.test
)

die() { echo "make-samples.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (sudo bash $0)"
for cmd in postfix postconf postmap postalias sendmail postqueue postsuper rsyslogd unshare awk "$PYTHON"; do
    command -v "$cmd" >/dev/null || die "missing $cmd (apt-get install postfix rsyslog python3)"
done

# Everything below runs in a private mount namespace (processes and network are shared).
if [ -z "${SMTPLOG_SAMPLES_NS:-}" ]; then
    exec unshare --mount --propagation private env SMTPLOG_SAMPLES_NS=1 bash "$0" "$@"
fi

RUN=$BASE/run
LOG=$BASE/log
CONF=$BASE/etc

for pidfile in "$RUN"/*.pid "$BASE"/spool/pid/master.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(tr -dc 0-9 < "$pidfile")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        die "a previous run is still alive (pid $pid from $pidfile); stop it first"
    fi
done

# A listening socket on 127.0.0.1:<port>?  Read from /proc rather than by connecting, so
# that the probe does not leave "lost connection after CONNECT" lines in the sample log.
port_open() {
    awk -v p="$(printf '%04X' "$1")" '$4 == "0A" && ($2 == "0100007F:" p || $2 == "00000000:" p) { f = 1 }
                                      END { exit !f }' /proc/net/tcp
}
for port in $POSTFIX_PORTS $CLOSED_PORT $(printf '%s\n' "${SINK_LISTEN[@]}" | sed 's/=.*//; s/.*://'); do
    ! port_open "$port" || die "port $port is taken; the sample run needs it"
done

echo "== setting up $BASE"
rm -rf "$BASE"
mkdir -p "$CONF" "$BASE"/{spool,lib,mail,vmail} "$LOG" "$RUN"
chmod 1777 "$BASE/mail"
chown nobody:nogroup "$BASE/vmail"
chown postfix:postfix "$BASE/lib"
id alice >/dev/null 2>&1 ||
    useradd --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            --comment "smtplog sample mailbox" alice
for f in "$HERE"/conf/*; do
    name=$(basename "$f" .in)
    sed "s|@BASE@|$BASE|g" "$f" > "$CONF/$name"
done
for map in transport tls_policy sender_access recipient_warn recipient_access vmailbox; do
    postmap -c "$CONF" "hash:$CONF/$map"
done
postalias -c "$CONF" "hash:$CONF/aliases"
printf '127.0.0.1\tlocalhost\n' > "$CONF/hosts"
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$DNS_ADDR" > "$CONF/resolv.conf"

# Our /dev: a tmpfs with a symlink to every entry of the real /dev, except that /dev/log
# is the socket our rsyslogd listens on.  /etc/hosts and /etc/resolv.conf: ours too.
mkdir -p "$RUN/hostdev"
mount --rbind /dev "$RUN/hostdev"
mount -t tmpfs -o mode=0755 smtplog-dev /dev
for entry in "$RUN"/hostdev/*; do
    name=${entry##*/}
    [ "$name" = log ] && continue
    if [ -L "$entry" ]; then cp -P "$entry" "/dev/$name"; else ln -s "$entry" "/dev/$name"; fi
done
ln -s "$RUN/devlog" /dev/log
mount --bind "$CONF/hosts" /etc/hosts
mount --bind "$CONF/resolv.conf" /etc/resolv.conf

stop_all() {
    set +e
    if [ -f "$BASE/spool/pid/master.pid" ] && kill -0 "$(tr -dc 0-9 < "$BASE/spool/pid/master.pid")" 2>/dev/null; then
        postfix -c "$CONF" stop >/dev/null 2>&1
        for _ in $(seq 50); do
            kill -0 "$(tr -dc 0-9 < "$BASE/spool/pid/master.pid")" 2>/dev/null || break
            sleep 0.2
        done
    fi
    for name in sink dns; do
        [ -f "$RUN/$name.pid" ] && kill "$(cat "$RUN/$name.pid")" 2>/dev/null
    done
    sleep 1                       # let rsyslogd write the last lines
    if [ -f "$RUN/rsyslogd.pid" ]; then
        pid=$(cat "$RUN/rsyslogd.pid")
        kill "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    wait 2>/dev/null
    rm -f "$RUN"/*.pid
}
trap stop_all EXIT

wait_for() {  # wait_for <what> <command...>: up to 10 s
    local what=$1; shift
    for _ in $(seq 100); do "$@" 2>/dev/null && return 0; sleep 0.1; done
    die "timed out waiting for $what"
}

echo "== starting fake DNS, rsyslogd, smtp-sink, postfix"
$PYTHON "$HERE/fake-dns.py" "$DNS_ADDR" 53 & echo $! > "$RUN/dns.pid"
rsyslogd -n -f "$CONF/rsyslog.conf" -i "$RUN/rsyslogd.pid" &
wait_for "rsyslogd socket" test -S "$RUN/devlog"
sink_args=()
for l in "${SINK_LISTEN[@]}"; do sink_args+=(--listen "$l"); done
$PYTHON "$SINK" "${sink_args[@]}" --log "$LOG/sink.log" --pidfile "$RUN/sink.pid" &
wait_for "smtp-sink" port_open 2525
postfix -c "$CONF" check
postfix -c "$CONF" start
for p in $POSTFIX_PORTS; do wait_for "postfix port $p" port_open "$p"; done

echo "== playing the scenarios"
set +e
$PYTHON "$HERE/scenarios.py" run --conf "$CONF" --log "$LOG/postfix.log" --lines "$LOG/scenario-lines.txt"
run_status=$?
set -e

echo "== stopping"
stop_all
trap - EXIT

cp "$LOG/postfix.log" "$OUT/postfix.log"
cp "$LOG/postfix-rfc3339.log" "$OUT/postfix-rfc3339.log"
cp "$LOG/scenario-lines.txt" "$OUT/scenario-lines.txt"
$PYTHON "$HERE/scenarios.py" expected > "$OUT/expected.tsv"

echo "== checking the logs against expected.tsv (count-outcomes.awk)"
check_status=0
sort_tsv() { LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 -k3,3n -k4,4; }
tail -n +2 "$OUT/expected.tsv" | sort_tsv > "$LOG/expected.sorted"
for f in postfix.log postfix-rfc3339.log; do
    awk -f "$HERE/count-outcomes.awk" "$OUT/$f" | sort_tsv > "$LOG/$f.counted"
    if diff -u --label expected.tsv --label "counted in $f" "$LOG/expected.sorted" "$LOG/$f.counted"; then
        echo "$f: agrees with expected.tsv ($(awk -F '\t' '{n += $5} END {print n}' "$LOG/$f.counted") outcome lines in $(wc -l < "$LOG/$f.counted") rows)"
    else
        check_status=1
    fi
done
# Same run, same messages: the two files differ only in their timestamps.
if diff <(sed -E 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} //' "$OUT/postfix.log") \
        <(sed -E 's/^[^ ]+ //' "$OUT/postfix-rfc3339.log") >/dev/null; then
    echo "postfix.log and postfix-rfc3339.log: same $(wc -l < "$OUT/postfix.log") lines apart from the timestamp"
else
    echo "postfix.log and postfix-rfc3339.log differ beyond the timestamp"; check_status=1
fi

if [ "$run_status" = 0 ] && [ "$check_status" = 0 ]; then
    echo "== done: $OUT/postfix.log, $OUT/postfix-rfc3339.log, $OUT/expected.tsv"
else
    echo "== FAILED (scenario run: $run_status, log check: $check_status); work files in $BASE" >&2
    exit 1
fi

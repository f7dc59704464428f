#!/bin/bash
# Regenerate the Exim sample logs in samples/exim/ with a real Exim 4.96 (Debian 12's
# exim4-daemon-light), run by hand from an unpacked .deb: nothing is installed as an MTA.
#
#   sudo samples/exim/make-samples.sh            # both runs, then the check
#   sudo samples/exim/make-samples.sh default    # just one run
#
# Needs: Debian 12, root, apt (for `apt-get download` and the libidn12 library), python3,
# samples/tools/smtp-sink.py. Takes about a minute. See README.md.
#
# What it changes outside the repository (all idempotent):
#   - creates the system user Debian-exim (the Exim user compiled into Debian's binary);
#   - installs libidn12 if missing (a library exim4 links to; not an MTA);
#   - lists the generated configurations in /etc/exim4/trusted_configs, Debian's
#     TRUSTED_CONFIG_LIST; without it Exim drops privilege when it re-executes itself with -C
#     and writes "exim user lost privilege for using -C option" to the panic log;
#   - uses $WORK (default /tmp/smtplog-exim) for the unpacked binary, spools and logs.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/tmp/smtplog-exim}
SINK=${SINK:-$REPO/samples/tools/smtp-sink.py}
EXIM_PORT=${EXIM_PORT:-12525}
SINK_PORT=${SINK_PORT:-12526}
REFUSED_PORT=${REFUSED_PORT:-12527}
BLACKHOLE_PORT=${BLACKHOLE_PORT:-12528}
SILENT_PORT=${SILENT_PORT:-12529}
GREET554_PORT=${GREET554_PORT:-12530}
GREET421_PORT=${GREET421_PORT:-12531}
RUNS=("$@")
[ ${#RUNS[@]} -gt 0 ] || RUNS=(default all)

# The two runs: log_selector, log_timezone, timezone.
run_settings() {
    case "$1" in
        default) echo "|false|UTC" ;;   # Exim's (and Debian's) default log_selector
        all)     echo "+all|true|America/St_Johns" ;;  # every selector; -0330 offsets
        *) die "unknown run '$1' (runs: default, all)" ;;
    esac
}

say() { printf '\n== %s\n' "$*"; }
die() { echo "make-samples.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (Exim needs its setuid binary and its own user)"
for run in "${RUNS[@]}"; do run_settings "$run" >/dev/null; done

# ---------------------------------------------------------------------------------------------
say "Exim binary"
EXIM=$WORK/pkg/usr/sbin/exim4
if [ ! -x "$EXIM" ]; then
    mkdir -p "$WORK/debs" "$WORK/pkg"
    (cd "$WORK/debs" && apt-get download exim4-daemon-light exim4-base exim4-config)
    for deb in "$WORK"/debs/*.deb; do dpkg -x "$deb" "$WORK/pkg"; done
fi
chmod 755 "$WORK"
if ldd "$EXIM" | grep -q 'libidn.so.12 => not found'; then
    apt-get install -y --no-install-recommends libidn12
fi
getent passwd Debian-exim >/dev/null ||
    useradd --system --user-group --home-dir /var/spool/exim4 --no-create-home \
        --shell /usr/sbin/nologin Debian-exim
VERSION=$("$EXIM" -C /dev/null -bV 2>/dev/null | sed -n 's/^Exim version \([^ ]*\) .*/\1/p')
[ "$VERSION" = 4.96 ] || die "expected Exim 4.96, got '$VERSION' from $EXIM"
for deb in "$WORK"/debs/exim4-daemon-light_*.deb; do
    echo "$EXIM: Exim $VERSION, from exim4-daemon-light $(dpkg-deb -f "$deb" Version)"
done

[ -f "$SINK" ] || die "no SMTP sink at $SINK"

# ---------------------------------------------------------------------------------------------
PIDS=()
trap stop_servers EXIT

wait_port() {  # wait until something accepts connections on $1:$2
    for _ in $(seq 100); do
        python3 -c "import socket; socket.create_connection(('$1',$2),0.2).close()" \
            2>/dev/null && return 0
        sleep 0.1
    done
    die "nothing listening on $1:$2"
}

# The remote servers Exim delivers to (see the router in exim.conf). Started afresh for each run
# so that the sink's counters ("queued as S00001") and greylist memory start from zero.
start_servers() {
    local dir=$1
    python3 "$SINK" --hostname mx.example.com --log "$dir/sink.log" \
        --listen "127.0.0.1:$SINK_PORT" \
        --listen "127.0.0.5:$SILENT_PORT=silent" \
        --listen "127.0.0.6:$GREET554_PORT=greet554-5.7.1" \
        --listen "127.0.0.7:$GREET421_PORT=greet421-4.7.0" &
    PIDS+=($!)
    python3 "$HERE/tcp-blackhole.py" "127.0.0.4:$BLACKHOLE_PORT" --ready "$dir/blackhole.ready" &
    PIDS+=($!)
    wait_port 127.0.0.1 "$SINK_PORT"
    for _ in $(seq 100); do [ -f "$dir/blackhole.ready" ] && break; sleep 0.1; done
    [ -f "$dir/blackhole.ready" ] || die "tcp-blackhole.py did not get ready"
}

stop_servers() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    PIDS=()
}

one_run() {
    local run=$1 selector tz_log tz
    IFS='|' read -r selector tz_log tz <<<"$(run_settings "$run")"
    local dir=$WORK/$run
    say "Run '$run': log_selector='$selector' log_timezone=$tz_log timezone=$tz"

    rm -rf "$dir"
    mkdir -p "$dir"/{spool,log,mail}
    chown Debian-exim:Debian-exim "$dir"/{spool,log,mail}
    chmod 755 "$dir"
    sed -e "s|@EXIM@|$EXIM|" -e "s|@RUN_DIR@|$dir|g" \
        -e "s|@LOG_SELECTOR@|$selector|" -e "s|@LOG_TIMEZONE@|$tz_log|" -e "s|@TIMEZONE@|$tz|" \
        -e "s|@EXIM_PORT@|$EXIM_PORT|" -e "s|@SINK_PORT@|$SINK_PORT|" \
        -e "s|@REFUSED_PORT@|$REFUSED_PORT|" -e "s|@BLACKHOLE_PORT@|$BLACKHOLE_PORT|" \
        -e "s|@SILENT_PORT@|$SILENT_PORT|" -e "s|@GREET554_PORT@|$GREET554_PORT|" \
        -e "s|@GREET421_PORT@|$GREET421_PORT|" \
        "$HERE/exim.conf" >"$dir/exim.conf"
    chmod 644 "$dir/exim.conf"
    grep -v '^#' "$dir/exim.conf" | grep -q '@[A-Z_]*@' && die "unreplaced placeholder in $dir/exim.conf"

    # Exim trusts a -C file (keeps root to deliver) only when it is listed here.
    mkdir -p /etc/exim4
    touch /etc/exim4/trusted_configs
    chmod 644 /etc/exim4/trusted_configs
    grep -qxF "$dir/exim.conf" /etc/exim4/trusted_configs ||
        echo "$dir/exim.conf" >>/etc/exim4/trusted_configs
    "$EXIM" -C "$dir/exim.conf" -bV >/dev/null || die "Exim rejects $dir/exim.conf"

    start_servers "$dir"
    # Exim's processes inherit this directory (+arguments logs it as cwd=).
    cd "$WORK"
    "$EXIM" -C "$dir/exim.conf" -bdf -oP "$dir/exim.pid" &
    local daemon=$!
    PIDS+=("$daemon")
    # Wait for the daemon's own log line rather than probing its port (a probe would be logged).
    for _ in $(seq 100); do
        grep -qs 'daemon started' "$dir/log/mainlog" && break
        sleep 0.1
    done
    grep -qs 'daemon started' "$dir/log/mainlog" || die "the Exim daemon did not start"

    EXIM=$EXIM EXIM_CONF=$dir/exim.conf EXIM_PORT=$EXIM_PORT DAEMON_PID=$daemon \
        python3 "$HERE/scenarios.py" run

    stop_servers

    mkdir -p "$HERE/$run"
    for f in mainlog rejectlog paniclog; do
        if [ -f "$dir/log/$f" ]; then cp "$dir/log/$f" "$HERE/$run/$f"; else : >"$HERE/$run/$f"; fi
    done
    "$EXIM" -C "$dir/exim.conf" -bp >"$dir/queue.txt" || true
    echo "queue at the end: $(grep -c '^ *[0-9]' "$dir/queue.txt" || true) message(s), see $dir/queue.txt"
}

# ---------------------------------------------------------------------------------------------
for run in "${RUNS[@]}"; do one_run "$run"; done

say "Expected counts (from the scenario table)"
python3 "$HERE/scenarios.py" expected >"$HERE/expected.tsv"
column -t -s $'\t' "$HERE/expected.tsv"

status=0
for run in "${RUNS[@]}"; do
    say "Check: $run/mainlog against expected.tsv"
    "$HERE/check-logs.sh" "$HERE/expected.tsv" "$HERE/$run/mainlog" || status=1
done
exit $status

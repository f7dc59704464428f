#!/usr/bin/env python3
"""The scenario table behind samples/exim, and the driver that plays it against a live Exim.

    scenarios.py expected                    print expected.tsv (computed from the table below)
    scenarios.py table                       print the table as Markdown (for README.md)
    scenarios.py run                         play every scenario (make-samples.sh calls this)

`run` needs these environment variables, set by make-samples.sh:
    EXIM        the exim4 binary          EXIM_CONF   the -C configuration file
    EXIM_PORT   Exim's SMTP listener      DAEMON_PID  pid of the Exim daemon (-bdf)

Each scenario says what it does and which counted log lines it must produce, as
(direction, outcome, code, enhanced, inferred, count). expected.tsv is the sum of those rows over
the table; it is never computed from the logs. check-logs.sh then classifies the real log lines on
its own and compares.

Directions: outbound = a remote server answered Exim (or failed to: refused, timeout);
inbound = Exim's ACLs or SMTP engine answered a client; local = Exim decided alone (local
delivery, routing failure). Outcomes: sent (=> and ->), deferred (==), bounced (**), rejected
(Exim's "rejected ..." / "temporarily rejected ..." lines and the synchronization error),
auth-failed. code = the reply code on the line, else the code Exim sent to the client (then
inferred = 1: Exim does not log it), else 0.
"""
import base64
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

SENDER = "sender@example.org"

# ---------------------------------------------------------------------------------------------
# Expected counted lines, as tuples (direction, outcome, code, enhanced, inferred, count).


def sent(code=250, enh="2.0.0", n=1):
    return ("outbound", "sent", code, enh, 0, n)


def deferred(code=0, enh="", n=1):
    return ("outbound", "deferred", code, enh, 0, n)


def bounced(code, enh, n=1):
    return ("outbound", "bounced", code, enh, 0, n)


def local_sent(n=1):
    return ("local", "sent", 0, "", 0, n)


def local_deferred(n=1):
    return ("local", "deferred", 0, "", 0, n)


def local_bounced(n=1):
    return ("local", "bounced", 0, "", 0, n)


def rejected(code, enh="", n=1):
    """An inbound rejection by Exim itself: it logs no code, so the code is the inferred one."""
    return ("inbound", "rejected", code, enh, 1, n)


def auth_failed(code=535, enh=""):
    return ("inbound", "auth-failed", code, enh, 0, 1)


# A failed delivery to a non-null sender makes Exim send a bounce message to that sender; here
# the sender is local, so each such message adds one local delivery.
BOUNCE_TO_SENDER = local_sent()

# What a normal queue run (-q) logs for an address whose retry time has not come:
# after a 4xx to RCPT the retry record belongs to the address, and the router already stops it:
#   == r451-4.3.0@example.com routing defer (-52): retry time not reached
ADDRESS_RETRY = [local_deferred()]
# after a connection-level failure the retry record belongs to the host:
#   == someone@refused.example.net R=remote_loopback T=remote_smtp defer (-54): retry time not
#   reached for any host for 'refused.example.net'
HOST_RETRY = [deferred()]


@dataclass
class Scenario:
    name: str
    what: str
    action: tuple
    expect: list = field(default_factory=list)      # lines logged by the action itself
    queue_run: list = field(default_factory=list)   # lines logged later by `exim -q`
    forced_run: list = field(default_factory=list)  # lines logged later by `exim -qf`


def submit(rcpts, sender=SENDER, subject=None):
    return ("submit", sender, rcpts, subject)


def smtp(*steps, src="127.0.0.1"):
    return ("smtp", src, steps)


def queue_run(*args):
    return ("queue", args)


# ---------------------------------------------------------------------------------------------
# The table. Order matters: the queue runs near the end act on the messages still queued.
# Recipients at example.com go to the SMTP sink, whose reply is chosen by the local part
# (grammar at the top of samples/tools/smtp-sink.py).

SCENARIOS = [
    # --- outbound, submitted on the command line (exim -odi), delivered to the sink -----------
    Scenario("out-250", "one recipient, accepted",
             submit(["ok@example.com"]),
             [sent()]),
    Scenario("out-250-multi", "three recipients at one host, one SMTP transaction: => then ->",
             submit(["ok1@example.com", "ok2@example.com", "ok3@example.com"]),
             [sent(n=3)]),
    Scenario("out-451-rcpt", "451 4.3.0 after RCPT TO: deferred, stays queued",
             submit(["r451-4.3.0@example.com"]),
             [deferred(451, "4.3.0")], ADDRESS_RETRY, [deferred(451, "4.3.0")]),
    Scenario("out-grey", "postgrey-style 450 4.2.0 after RCPT TO (250 on the next try)",
             submit(["grey@example.com"]),
             [deferred(450, "4.2.0")], ADDRESS_RETRY, [sent()]),
    Scenario("out-421-rcpt", "421 4.7.0 after RCPT TO, the server closes: deferred",
             submit(["r421-4.7.0_gmail@example.com"]),
             [deferred(421, "4.7.0")], ADDRESS_RETRY, [deferred(421, "4.7.0")]),
    Scenario("out-550-5.1.1", "Gmail's 550 5.1.1 no such user after RCPT TO: bounced",
             submit(["r550-5.1.1@example.com"]),
             [bounced(550, "5.1.1"), BOUNCE_TO_SENDER]),
    Scenario("out-550-5.1.1-ml", "the same as Gmail sends it, multi-line 550-5.1.1: bounced",
             submit(["ml550-5.1.1@example.com"]),
             [bounced(550, "5.1.1"), BOUNCE_TO_SENDER]),
    Scenario("out-554-5.7.1", "554 5.7.1 blocklist (Spamhaus) after RCPT TO: bounced",
             submit(["r554-5.7.1@example.com"]),
             [bounced(554, "5.7.1"), BOUNCE_TO_SENDER]),
    Scenario("out-gmail-5.7.26", "multi-line Gmail 550-5.7.26 after end of data: bounced",
             submit(["dataml550-5.7.26@example.com"]),
             [bounced(550, "5.7.26"), BOUNCE_TO_SENDER]),
    Scenario("out-data-554", "iCloud's 554 5.7.1 after end of data: bounced",
             submit(["data554-5.7.1_icloud@example.com"]),
             [bounced(554, "5.7.1"), BOUNCE_TO_SENDER]),
    Scenario("out-mail-550", "550 5.7.1 after MAIL FROM: both recipients bounced",
             submit(["ok4@example.com", "ok5@example.com"], sender="mail550-5.7.1@example.org"),
             [bounced(550, "5.7.1", n=2), BOUNCE_TO_SENDER]),
    Scenario("out-mail-553-nopipe", "553 5.7.1 after MAIL FROM, without pipelining",
             submit(["someone@legacy.example.com"], sender="mail553-5.7.1@example.org"),
             [bounced(553, "5.7.1"), BOUNCE_TO_SENDER]),
    Scenario("out-mixed", "one message, three recipients at one host: 250, 451, 550",
             submit(["ok6@example.com", "r451-4.3.0_mixed@example.com",
                     "r550-5.1.1_mixed@example.com"]),
             [sent(), deferred(451, "4.3.0"), bounced(550, "5.1.1"), BOUNCE_TO_SENDER],
             ADDRESS_RETRY, [deferred(451, "4.3.0")]),
    Scenario("out-greet-554", "the server greets with 554 5.7.1",
             submit(["someone@blocked.example.net"]),
             [bounced(554, "5.7.1"), BOUNCE_TO_SENDER]),
    Scenario("out-greet-421", "the server greets with 421 4.7.0",
             submit(["someone@busy.example.net"]),
             [deferred(421, "4.7.0")], HOST_RETRY, [deferred(421, "4.7.0")]),
    Scenario("out-refused", "nothing listens: defer (111): Connection refused",
             submit(["someone@refused.example.net"]),
             [deferred()], HOST_RETRY, [deferred()]),
    Scenario("out-connect-timeout", "the accept queue is full: connect timeout, defer (110)",
             submit(["someone@blackhole.example.net"]),
             [deferred()], HOST_RETRY, [deferred()]),
    Scenario("out-greeting-timeout", "the server accepts and never greets: SMTP timeout",
             submit(["someone@silent.example.net"]),
             [deferred()], HOST_RETRY, [deferred()]),
    Scenario("out-unrouteable", "a domain no router handles: ** Unrouteable address",
             submit(["someone@nowhere.invalid"]),
             [local_bounced(), BOUNCE_TO_SENDER]),
    Scenario("out-frozen", "a message with the null sender <> fails 550: ** then Frozen",
             submit(["r550-5.1.1_frozen@example.com"], sender=""),
             [bounced(550, "5.1.1")]),
    Scenario("local", "a local recipient: appendfile delivery",
             submit(["alice@example.org"]),
             [local_sent()]),

    # --- inbound: SMTP clients talking to Exim's listener --------------------------------------
    Scenario("in-accepted", "a message for a local user: accepted, delivered, Completed",
             smtp(("EHLO client.example", 250), ("MAIL FROM:<friend@client.example>", 250),
                  ("RCPT TO:<bob@example.org>", 250), ("DATA", 354),
                  ("message", "in-accepted", 250), ("QUIT", 221)),
             [local_sent()]),
    Scenario("in-relay", "RCPT to a foreign domain, not authenticated: relay not permitted",
             smtp(("EHLO client.example", 250), ("MAIL FROM:<friend@client.example>", 250),
                  ("RCPT TO:<victim@elsewhere.example>", 550), ("QUIT", 221)),
             [rejected(550)]),
    Scenario("in-unknown-user", "RCPT to an unknown local user: Unrouteable address",
             smtp(("EHLO client.example", 250), ("MAIL FROM:<friend@client.example>", 250),
                  ("RCPT TO:<nobody@example.org>", 550), ("QUIT", 221)),
             [rejected(550)]),
    Scenario("in-greylist", "a defer ACL: temporarily rejected RCPT",
             smtp(("EHLO client.example", 250), ("MAIL FROM:<friend@client.example>", 250),
                  ("RCPT TO:<greylist@example.org>", 451), ("QUIT", 221)),
             [rejected(451)]),
    Scenario("in-mail", "MAIL FROM a blocked domain: rejected MAIL",
             smtp(("EHLO client.example", 250), ("MAIL FROM:<bulk@spammer.example>", 550),
                  ("QUIT", 221)),
             [rejected(550)]),
    Scenario("in-ehlo-acl", "EHLO with our own name: rejected EHLO (helo ACL)",
             smtp(("EHLO mx.example.org", 550), ("QUIT", 221)),
             [rejected(550)]),
    Scenario("in-ehlo-syntax", "EHLO with an invalid name: rejected EHLO, syntactically invalid",
             smtp(("EHLO bad_name!", 501), ("QUIT", 221)),
             [rejected(501)]),
    Scenario("in-data", "Subject VIAGRA: rejected after DATA",
             smtp(("EHLO client.example", 250), ("MAIL FROM:<friend@client.example>", 250),
                  ("RCPT TO:<alice@example.org>", 250), ("DATA", 354),
                  ("message", "VIAGRA in-data", 550), ("QUIT", 221)),
             [rejected(550)]),
    Scenario("in-sync-greeting", "client talks before the greeting: synchronization error",
             smtp(("early", "EHLO early.example", 554), src="127.0.0.2"),
             [rejected(554)]),
    Scenario("in-sync-pipelining", "after HELO, MAIL and RCPT in one packet: synchronization error",
             smtp(("HELO client.example", 250),
                  ("burst", ["MAIL FROM:<friend@client.example>", "RCPT TO:<alice@example.org>"],
                   554)),
             [rejected(554)]),
    Scenario("in-auth-fail", "AUTH PLAIN with a wrong password: 535",
             smtp(("EHLO client.example", 250), ("auth", "alice", "wrong-password", 535),
                  ("QUIT", 221)),
             [auth_failed()]),
    Scenario("in-auth-submit", "AUTH PLAIN, then relay to the sink (250)",
             smtp(("EHLO client.example", 250), ("auth", "alice", "correct-horse", 235),
                  ("MAIL FROM:<alice@example.org>", 250), ("RCPT TO:<ok7@example.com>", 250),
                  ("DATA", 354), ("message", "in-auth-submit", 250), ("QUIT", 221)),
             [sent()]),

    # --- queue runs ---------------------------------------------------------------------------
    # Their counted lines are the queue_run / forced_run columns of the scenarios above. The
    # frozen message is skipped by both ("Message is frozen"; -qff would try it again).
    Scenario("queue-run", "exim -q: each deferred address logs 'retry time not reached'",
             queue_run("-q")),
    Scenario("queue-run-forced", "exim -qf: each deferred address is tried again",
             queue_run("-qf")),
]


def counted_lines(sc):
    """The lines scenario sc's own action logs; a queue run logs the others' later lines."""
    if sc.action[0] != "queue":
        return sc.expect
    later = "queue_run" if sc.action[1] == ("-q",) else "forced_run"
    return [row for other in SCENARIOS for row in getattr(other, later)]


def expected_rows():
    totals = {}
    for sc in SCENARIOS:
        for direction, outcome, code, enh, inferred, n in counted_lines(sc):
            key = (direction, outcome, code, enh, inferred)
            totals[key] = totals.get(key, 0) + n
    return sorted(totals.items())


def print_expected():
    print("direction\toutcome\tcode\tenhanced\tcount\tinferred")
    for (direction, outcome, code, enh, inferred), n in expected_rows():
        print(f"{direction}\t{outcome}\t{code}\t{enh}\t{n}\t{inferred}")


def describe(action):
    kind = action[0]
    if kind == "submit":
        _, sender, rcpts, _ = action
        return f"`exim -odi -f <{sender}>` to " + ", ".join(rcpts)
    if kind == "queue":
        return "`exim " + " ".join(action[1]) + "`"
    _, src, steps = action
    parts = []
    for step in steps:
        if step[0] == "message":
            parts.append("message")
        elif step[0] == "auth":
            parts.append(f"AUTH PLAIN {step[1]}/{step[2]}")
        elif step[0] == "early":
            parts.append(f"{step[1]} (before the greeting)")
        elif step[0] == "burst":
            parts.append(" + ".join(step[1]) + " (one write)")
        elif step[0] != "QUIT":
            parts.append(step[0])
    return f"SMTP from {src}: " + "; ".join(parts)


def print_table():
    def fmt(rows):
        merged = {}
        for d, o, c, e, i, n in rows:
            merged[(d, o, c, e, i)] = merged.get((d, o, c, e, i), 0) + n
        return "; ".join(f"{d} {o} {c}{' ' + e if e else ''}{' (inferred)' if i else ''}"
                         f"{f' ×{n}' if n > 1 else ''}" for (d, o, c, e, i), n in merged.items())

    print("| scenario | what | how | counted lines | then `-q` | then `-qf` |")
    print("|---|---|---|---|---|---|")
    for sc in SCENARIOS:
        print(f"| {sc.name} | {sc.what} | {describe(sc.action)} | {fmt(counted_lines(sc))} "
              f"| {fmt(sc.queue_run)} | {fmt(sc.forced_run)} |")


# ---------------------------------------------------------------------------------------------
# The driver.


class SMTPClient:
    def __init__(self, port, src):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10,
                                             source_address=(src, 0))
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data.encode() if isinstance(data, str) else data)

    def reply(self):
        lines = []
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(4096)
                if not chunk:
                    raise RuntimeError(f"connection closed; got so far {lines!r}")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\r\n", 1)
            lines.append(line.decode())
            if len(line) < 4 or line[3:4] == b" ":
                return int(lines[0][:3]), lines

    def close(self):
        self.sock.close()


def message_text(subject):
    return (f"From: <friend@client.example>\r\nTo: <someone@example.org>\r\n"
            f"Subject: {subject}\r\nMessage-ID: <{subject.replace(' ', '.')}@client.example>\r\n"
            f"\r\nThis is a test message for the smtplog samples.\r\n.\r\n")


def play_smtp(name, src, steps, port):
    c = SMTPClient(port, src)
    first = steps[0]
    if first[0] != "early":
        code, lines = c.reply()
        if code != 220:
            raise RuntimeError(f"{name}: greeting {lines}")
    for step in steps:
        kind, want = step[0], step[-1]
        if kind == "early":
            c.send(step[1] + "\r\n")
        elif kind == "message":
            c.send(message_text(step[1]))
        elif kind == "burst":
            c.send("".join(line + "\r\n" for line in step[1]))
        elif kind == "auth":
            token = base64.b64encode(f"\0{step[1]}\0{step[2]}".encode()).decode()
            c.send(f"AUTH PLAIN {token}\r\n")
        else:
            c.send(kind + "\r\n")
        code, lines = c.reply()
        print(f"  {name}: {kind.split(' ')[0]} -> {' / '.join(lines)}")
        if code != want:
            raise RuntimeError(f"{name}: expected {want}, got {lines}")
    c.close()


def exim_pids(exim):
    """Pids of running processes of our exim binary (their real exe path is unique)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/exe") == exim:
                    pids.append(int(entry))
            except OSError:
                pass
    return pids


def settle(exim, daemon_pid, limit=60):
    """Wait until every Exim process but the daemon has finished (deliveries, bounces)."""
    deadline = time.time() + limit
    quiet_since = None
    while time.time() < deadline:
        busy = [p for p in exim_pids(exim) if p != daemon_pid]
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.time()
        elif time.time() - quiet_since > 0.3:
            return
        time.sleep(0.05)
    raise RuntimeError(f"Exim processes still running after {limit}s: {busy}")


def run():
    exim = os.path.realpath(os.environ["EXIM"])
    conf = os.environ["EXIM_CONF"]
    port = int(os.environ["EXIM_PORT"])
    daemon_pid = int(os.environ["DAEMON_PID"])
    for sc in SCENARIOS:
        print(f"{sc.name}: {sc.what}", flush=True)
        kind = sc.action[0]
        if kind == "submit":
            _, sender, rcpts, subject = sc.action
            text = message_text(subject or sc.name).replace("\r\n", "\n")[:-2]
            subprocess.run([exim, "-C", conf, "-odi", "-oi", "-f", sender, "--", *rcpts],
                           input=text.encode(), check=True)
        elif kind == "smtp":
            play_smtp(sc.name, sc.action[1], sc.action[2], port)
        elif kind == "queue":
            subprocess.run([exim, "-C", conf, *sc.action[1]], check=True)
        settle(exim, daemon_pid)


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "expected":
        print_expected()
    elif cmd == "table":
        print_table()
    elif cmd == "run":
        run()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

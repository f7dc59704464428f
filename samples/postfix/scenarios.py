#!/usr/bin/env python3
"""scenarios.py - the scenario table behind samples/postfix, and the code that plays it.

    scenarios.py expected            print expected.tsv, computed from the table below
    scenarios.py table               print the table as Markdown (README.md carries a copy)
    scenarios.py run --conf DIR --log FILE [--lines FILE]
                                     play every scenario against the running sample Postfix
                                     (make-samples.sh starts it), one at a time

Each scenario sends one message or SMTP session and says which outcome lines Postfix must
write for it, as (direction, outcome, code, enhanced) events; expected.tsv is the sum of
those events and nothing else, so that the log check in make-samples.sh is not circular.
The runner only reads the log to know when a scenario is finished (its outcome lines
have arrived) and to find queue ids for the retry scenarios.

Columns of an event, as expected.tsv defines them:
  direction  outbound: postfix/smtp, lmtp and qmgr (a remote server answered us, or the
             queue manager gave up on the message); inbound: smtpd, postscreen, cleanup
             (we answered a client); local: local, virtual, pipe, error
  outcome    sent deferred bounced expired rejected reject-warning held discarded
             (Postfix's words; "force-expired" is counted as expired)
  code       the basic reply code on the line, 0 when there is none
  enhanced   the enhanced code in the reply text, else Postfix's dsn= value, else empty
Python 3 standard library only.
"""

import argparse
import collections
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

ALICE = "alice@mx.smtplog.test"          # a real local user: bounce notices end here
EXTERNAL = "bob@example.com"             # the sender of inbound test sessions
CLIENT = "127.0.0.10"                    # inbound clients are not in mynetworks...
SMTPD, POSTSCREEN, SUBMISSION = 2500, 2501, 2587
LIFETIME = 20                            # maximal_queue_lifetime in main.cf.in, seconds


@dataclass(frozen=True)
class Ev:
    direction: str
    outcome: str
    code: int = 0
    enhanced: str = ""


def out(outcome, code=0, enh=""):
    return Ev("outbound", outcome, code, enh)


def inb(outcome, code=0, enh=""):
    return Ev("inbound", outcome, code, enh)


def loc(outcome, code=0, enh=""):
    return Ev("local", outcome, code, enh)


NDR = loc("sent", 0, "2.0.0")  # Postfix's bounce notice, delivered to alice's mailbox


@dataclass
class Mail:
    """A message handed to sendmail(1): Postfix's pickup -> cleanup -> qmgr -> delivery."""
    rcpts: list
    sender: str = ALICE


@dataclass
class Smtp:
    """An SMTP session with one of Postfix's own servers.  steps: commands; a tuple is sent
    in one write (pipelined); "DATA" is followed by the message text step."""
    port: int
    client: str
    steps: list
    pregreet: str = ""


@dataclass
class Retry:
    """An explicit second delivery attempt of an earlier scenario's message
    (postqueue -i), optionally after postsuper -e, or once it is older than the queue
    lifetime."""
    of: str
    force_expire: bool = False
    after_lifetime: bool = False


@dataclass
class Scenario:
    name: str
    what: str
    send: object
    expect: list
    queue: str = ""           # where the message is left afterwards: "", deferred, hold
    issue: str = ""           # project issue it covers
    msgid: str = field(default="", init=False)


def session(helo, sender, rcpts, data=True, subject="hello", size=None, msgid=None):
    steps = [f"EHLO {helo}", f"MAIL FROM:<{sender}>" + (f" SIZE={size}" if size else "")]
    steps += [f"RCPT TO:<{r}>" for r in rcpts]
    if data:
        headers = f"From: <{sender}>\r\nTo: <{rcpts[0]}>\r\nSubject: {subject}\r\n"
        if msgid:
            headers += f"Message-ID: <{msgid}>\r\n"
        steps += ["DATA", headers + "\r\nThis message was sent by samples/postfix/scenarios.py.\r\n."]
    return steps + ["QUIT"]


S = Scenario
SCENARIOS = [
    # --- first, the messages the retry scenarios at the end come back to ---------------
    S("expire-target", "Gmail 450 4.2.1 rate limit at RCPT; retried after the queue lifetime",
      Mail(["r450-4.2.1@sink.smtplog.test"]), [out("deferred", 450, "4.2.1")], "deferred", "#2"),
    S("force-expire-target", "Microsoft 451 4.7.500 at RCPT; later expired by postsuper -e",
      Mail(["r451-4.7.500@sink.smtplog.test"]), [out("deferred", 451, "4.7.500")], "deferred", "#2"),
    S("greylisted", "postgrey 450 4.2.0 at RCPT on first contact; accepted when retried",
      Mail(["grey@sink.smtplog.test"]), [out("deferred", 450, "4.2.0")], "deferred", "#2"),

    # --- outbound via postfix/smtp and lmtp: what the remote server said ----------------
    S("sent-250", "accepted: 250 2.0.0 at end of DATA",
      Mail(["ok@sink.smtplog.test"]), [out("sent", 250, "2.0.0")], "", "#2"),
    S("sent-251", "251 User not local at RCPT; the log shows the 250 that ended DATA",
      Mail(["r251@sink.smtplog.test"]), [out("sent", 250, "2.0.0")], "", "#2"),
    S("deferred-451-enh", "451 4.3.0 at RCPT",
      Mail(["r451-4.3.0@sink.smtplog.test"]), [out("deferred", 451, "4.3.0")], "deferred", "#2"),
    S("deferred-451-plain", "Mimecast 451 without enhanced code (dsn=4.0.0)",
      Mail(["r451@sink.smtplog.test"]), [out("deferred", 451, "4.0.0")], "deferred", "#2"),
    S("deferred-452-quota", "Gmail 452 4.2.2 mailbox full",
      Mail(["r452-4.2.2@sink.smtplog.test"]), [out("deferred", 452, "4.2.2")], "deferred", "#2"),
    S("deferred-452-plain", "452 without enhanced code",
      Mail(["r452@sink.smtplog.test"]), [out("deferred", 452, "4.0.0")], "deferred", "#2"),
    S("deferred-421-rcpt", "Yahoo 421 4.7.0 [TSS04] at RCPT, then the server hangs up",
      Mail(["r421-4.7.0@rcpt421.smtplog.test"]), [out("deferred", 421, "4.7.0")], "deferred", "#2"),
    S("deferred-451-data-cmd", "451 4.7.1 greylisting in reply to the DATA command",
      Mail(["datacmd451-4.7.1@sink.smtplog.test"]), [out("deferred", 451, "4.7.1")], "deferred", "#2"),
    S("bounced-550-5.1.1", "Gmail 550 5.1.1 unknown user at RCPT",
      Mail(["r550-5.1.1@sink.smtplog.test"]), [out("bounced", 550, "5.1.1"), NDR], "", "#2"),
    S("bounced-550-multiline", "Gmail 3-line 550-5.7.26 unauthenticated sender at RCPT",
      Mail(["ml550-5.7.26@sink.smtplog.test"]), [out("bounced", 550, "5.7.26"), NDR], "", "#2"),
    S("bounced-550-plain", "Outlook.com 550 SC-001 without enhanced code (dsn=5.0.0)",
      Mail(["r550@sink.smtplog.test"]), [out("bounced", 550, "5.0.0"), NDR], "", "#2"),
    S("bounced-550-class-mismatch", "Microsoft 550 4.4.7 QUEUE.Expired: 5xx carrying a 4.x.x code",
      Mail(["r550-4.4.7@sink.smtplog.test"]), [out("bounced", 550, "4.4.7"), NDR], "", "#2"),
    S("bounced-551", "551 User not local; please try <...>",
      Mail(["r551@sink.smtplog.test"]), [out("bounced", 551, "5.0.0"), NDR], "", "#2"),
    S("bounced-552", "Gmail 552 5.3.4 message too big",
      Mail(["r552-5.3.4@sink.smtplog.test"]), [out("bounced", 552, "5.3.4"), NDR], "", "#2"),
    S("bounced-553", "Gmail 553 5.1.2 recipient domain not found",
      Mail(["r553-5.1.2@sink.smtplog.test"]), [out("bounced", 553, "5.1.2"), NDR], "", "#2"),
    S("bounced-554-5.7.1", "Spamhaus 554 5.7.1 at RCPT",
      Mail(["r554-5.7.1@sink.smtplog.test"]), [out("bounced", 554, "5.7.1"), NDR], "", "#2"),
    S("bounced-mail-from", "Microsoft 550 5.7.606 banned IP in reply to MAIL FROM; "
      "the sender is at the sink, so the bounce notice goes out by smtp",
      Mail(["ok@sink.smtplog.test"], sender="mail550-5.7.606@sink.smtplog.test"),
      [out("bounced", 550, "5.7.606"), out("sent", 250, "2.0.0")], "", "#2"),
    S("bounced-end-of-data", "Yahoo 554 (no enhanced code) in reply to end of DATA",
      Mail(["data554@sink.smtplog.test"]), [out("bounced", 554, "5.0.0"), NDR], "", "#2"),
    S("bounced-end-of-data-enh", "Gmail 550 5.7.1 spam verdict in reply to end of DATA",
      Mail(["data550-5.7.1@sink.smtplog.test"]), [out("bounced", 550, "5.7.1"), NDR], "", "#2"),
    S("refused-greeting-554", "554 5.7.1 blocklist greeting: deferred with dsn=4.7.1 "
      "(smtp_skip_5xx_greeting)",
      Mail(["x@greet554.smtplog.test"]), [out("deferred", 554, "5.7.1")], "deferred", "#2"),
    S("refused-greeting-421", "Outlook.com 421 RP-001 greeting, no enhanced code",
      Mail(["x@greet421.smtplog.test"]), [out("deferred", 421, "4.0.0")], "deferred", "#2"),
    S("connection-refused", "nothing listens on the nexthop port",
      Mail(["a@refused.smtplog.test"]), [out("deferred", 0, "4.4.1")], "deferred", "#2"),
    S("delivery-suspended", "same dead nexthop again: logged by postfix/error, not smtp",
      Mail(["b@refused.smtplog.test"]), [loc("deferred", 0, "4.4.1")], "deferred", "#2"),
    S("timeout-greeting", "server accepts TCP and never speaks (smtp_helo_timeout=3s)",
      Mail(["x@silent.smtplog.test"]), [out("deferred", 0, "4.4.2")], "deferred", "#2"),
    S("tls-required", "smtp_tls_policy_maps says encrypt, the server offers no STARTTLS",
      Mail(["x@tls.smtplog.test"]), [out("deferred", 0, "4.7.4")], "deferred", "#2"),
    S("dns-nxdomain", "recipient domain does not exist (NXDOMAIN)",
      Mail(["x@nowhere.invalid"]), [out("bounced", 0, "5.4.4"), NDR], "", "#2"),
    S("dns-servfail", "recipient domain's DNS fails (SERVFAIL)",
      Mail(["x@mx.servfail.smtplog.test"]), [out("deferred", 0, "4.4.3")], "deferred", "#2"),
    S("lmtp-sent", "LMTP delivery accepted",
      Mail(["ok@lmtp.smtplog.test"]), [out("sent", 250, "2.0.0")], "", "#2"),
    S("lmtp-mixed", "LMTP, three recipients: one accepted, one 552 5.2.2 after DATA, "
      "one 550 5.1.1 (iCloud text) at RCPT; one bounce notice",
      Mail(["ok2@lmtp.smtplog.test", "data552-5.2.2@lmtp.smtplog.test",
            "r550-5.1.1_icloud@lmtp.smtplog.test"]),
      [out("sent", 250, "2.0.0"), out("bounced", 552, "5.2.2"), out("bounced", 550, "5.1.1"), NDR],
      "", "#2"),

    # --- local delivery agents -----------------------------------------------------------
    S("local-sent", "local(8) to a real user's mailbox",
      Mail([ALICE]), [loc("sent", 0, "2.0.0")], "", "#4"),
    S("local-unknown-user", "local(8), no such user",
      Mail(["nosuch@mx.smtplog.test"]), [loc("bounced", 0, "5.1.1"), NDR], "", "#4"),
    S("virtual-sent", "virtual(8) to a maildir",
      Mail(["bob@virtual.smtplog.test"]), [loc("sent", 0, "2.0.0")], "", "#4"),
    S("virtual-unknown-user", "virtual(8), address not in virtual_mailbox_maps",
      Mail(["nobody@virtual.smtplog.test"]), [loc("bounced", 0, "5.1.1"), NDR], "", "#4"),
    S("pipe-sent", "pipe(8) command exits 0",
      Mail(["x@pipe.smtplog.test"]), [loc("sent", 0, "2.0.0")], "", "#4"),
    S("pipe-nouser", "pipe(8) command exits 67 (EX_NOUSER) with a message",
      Mail(["x@nouser.smtplog.test"]), [loc("bounced", 0, "5.1.1"), NDR], "", "#4"),
    S("error-transport", "transport_maps error:5.1.2 for a retired domain",
      Mail(["x@retired.smtplog.test"]), [loc("bounced", 0, "5.1.2"), NDR], "", "#4"),

    # --- inbound: Postfix's smtpd answering a client ------------------------------------
    S("inbound-accepted", "a normal inbound message for a local user",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, [ALICE])),
      [loc("sent", 0, "2.0.0")], "", "#4"),
    S("relay-denied", "client outside mynetworks, remote recipient",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, ["someone@elsewhere.example.net"], data=False)),
      [inb("rejected", 554, "5.7.1")], "", "#4"),
    S("unknown-local-recipient", "recipient not in the local recipient table",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, ["nosuchuser@mx.smtplog.test"], data=False)),
      [inb("rejected", 550, "5.1.1")], "", "#4"),
    S("helo-non-fqdn", "reject_non_fqdn_helo_hostname",
      Smtp(SMTPD, CLIENT, session("workstation", EXTERNAL, [ALICE], data=False)),
      [inb("rejected", 504, "5.5.2")], "", "#4"),
    S("helo-invalid", "reject_invalid_helo_hostname",
      Smtp(SMTPD, CLIENT, session("bad..helo", EXTERNAL, [ALICE], data=False)),
      [inb("rejected", 501, "5.5.2")], "", "#4"),
    S("too-many-recipients", "4th RCPT over smtpd_recipient_limit=3: the client gets "
      "452 4.5.3, Postfix logs no reject line (the disconnect line even counts rcpt=4)",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL,
                                  [ALICE, "postmaster@mx.smtplog.test", "root@mx.smtplog.test",
                                   "hostmaster@mx.smtplog.test"], data=False)),
      [], "", "#4"),
    S("sender-domain-not-found", "reject_unknown_sender_domain, NXDOMAIN",
      Smtp(SMTPD, CLIENT, session("client.example.com", "spammer@nowhere.invalid", [ALICE], data=False)),
      [inb("rejected", 450, "4.1.8")], "", "#4"),
    S("sender-unknown-local", "smtpd_reject_unlisted_sender, local sender that does not exist",
      Smtp(SMTPD, CLIENT, session("client.example.com", "ghost@mx.smtplog.test", [ALICE], data=False)),
      [inb("rejected", 550, "5.1.0")], "", "#4"),
    S("message-too-big", "MAIL FROM SIZE= over message_size_limit",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, [], data=False, size=20000000)),
      [inb("rejected", 552, "5.3.4")], "", "#4"),
    S("client-access-reject", "check_client_access REJECT with custom text",
      Smtp(SMTPD, "127.0.0.66", session("client.example.com", EXTERNAL, [ALICE], data=False)),
      [inb("rejected", 554, "5.7.1")], "", "#4"),
    S("recipient-access-reject", "check_recipient_access REJECT with custom text",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, ["blocked@mx.smtplog.test"], data=False)),
      [inb("rejected", 554, "5.7.1")], "", "#4"),
    S("reject-warning", "warn_if_reject check_recipient_access: logged, then delivered",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, ["audit@mx.smtplog.test"])),
      [inb("reject-warning", 554, "5.7.1"), loc("sent", 0, "2.0.0")], "", "#4"),
    S("hold", "check_recipient_access HOLD (default text); the message stays in the hold queue",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, ["hold@mx.smtplog.test"])),
      [inb("held")], "hold", "#4"),
    S("discard", "check_recipient_access DISCARD with custom text; nothing else is logged",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, ["discard@mx.smtplog.test"])),
      [inb("discarded")], "", "#4"),
    S("header-check-reject", "header_checks REJECT: cleanup logs it, with a dsn but no code",
      Smtp(SMTPD, CLIENT, session("client.example.com", EXTERNAL, [ALICE], subject="BUY NOW, cheap")),
      [inb("rejected", 0, "5.7.1")], "", "#4"),
    S("improper-pipelining", "HELO client pipelines MAIL/RCPT/DATA; reject_unauth_pipelining",
      Smtp(SMTPD, CLIENT, ["HELO client.example.com",
                           (f"MAIL FROM:<{EXTERNAL}>", f"RCPT TO:<{ALICE}>", "DATA"), "QUIT"]),
      [inb("rejected", 503, "5.5.0")], "", "#4"),
    S("postscreen-pregreet", "client speaks before the greeting; postscreen enforces",
      Smtp(POSTSCREEN, "127.0.0.20", session("early.example.com", EXTERNAL, [ALICE], data=False),
           pregreet="EHLO early.example.com\r\n"),
      [inb("rejected", 550, "5.5.1")], "", "#4"),
    S("postscreen-denylist", "client on postscreen_access_list reject; postscreen enforces",
      Smtp(POSTSCREEN, "127.0.0.77", session("listed.example.com", EXTERNAL, [ALICE], data=False)),
      [inb("rejected", 550, "5.3.2")], "", "#4"),
    S("postscreen-pass", "clean client passes postscreen and is handed to smtpd",
      Smtp(POSTSCREEN, "127.0.0.21", session("good.example.com", EXTERNAL, [ALICE])),
      [loc("sent", 0, "2.0.0")], "", "#4"),
    S("submission-relay-denied", "postfix/submission/smtpd: client not in mynetworks",
      Smtp(SUBMISSION, "127.0.0.30", session("laptop.example.org", "carol@example.org",
                                             ["friend@gmail.example"], data=False)),
      [inb("rejected", 554, "5.7.1")], "", "#4"),
    S("submission-out-1", "postfix/submission/smtpd accepts, postfix-out/smtp delivers",
      Smtp(SUBMISSION, "127.0.0.1", session("app.smtplog.test", ALICE, ["c1@out.smtplog.test"],
                                            msgid="submission-out-1@smtplog.test")),
      [out("sent", 250, "2.0.0")], "", "#4"),
    S("submission-out-2", "next message to the same nexthop reuses the connection (conn_use=2)",
      Mail(["c2@out.smtplog.test"]), [out("sent", 250, "2.0.0")], "", "#4"),

    # --- second attempts -------------------------------------------------------------------
    S("greylist-retry", "greylisted message retried (postqueue -i): accepted",
      Retry("greylisted"), [out("sent", 250, "2.0.0")], "", "#2"),
    S("force-expired", "postsuper -e, then postqueue -i: qmgr logs status=force-expired",
      Retry("force-expire-target", force_expire=True), [out("expired"), NDR], "", "#2"),
    S("expired", "retried once older than maximal_queue_lifetime=20s: deferred again, "
      "then status=expired",
      Retry("expire-target", after_lifetime=True),
      [out("deferred", 450, "4.2.1"), out("expired"), NDR], "", "#2"),
]



def expected_counts():
    counts = collections.Counter()
    for s in SCENARIOS:
        counts.update(s.expect)
    return counts


def expected_queue():
    state = {}
    for s in SCENARIOS:
        state[s.send.of if isinstance(s.send, Retry) else s.name] = s.queue
    return collections.Counter(v for v in state.values() if v)


def print_expected(stream=sys.stdout):
    stream.write("direction\toutcome\tcode\tenhanced\tcount\n")
    for ev, n in sorted(expected_counts().items(),
                        key=lambda kv: (kv[0].direction, kv[0].outcome, kv[0].code, kv[0].enhanced)):
        stream.write(f"{ev.direction}\t{ev.outcome}\t{ev.code}\t{ev.enhanced}\t{n}\n")


def describe(send):
    if isinstance(send, Mail):
        frm = "" if send.sender == ALICE else f" from {send.sender}"
        return "sendmail " + ", ".join(send.rcpts) + frm
    if isinstance(send, Smtp):
        return f"SMTP from {send.client} to :{send.port}"
    return f"retry of {send.of}"


def print_table():
    print("| # | scenario | what happens | sent as | expected events (direction outcome code enhanced) |")
    print("|---|---|---|---|---|")
    for i, s in enumerate(SCENARIOS, 1):
        evs = "; ".join(f"{e.direction} {e.outcome} {e.code} {e.enhanced}".rstrip() for e in s.expect)
        print(f"| {i} | {s.name} | {s.what} | {describe(s.send)} | {evs or '(no outcome line)'} |")


# ---------------------------------------------------------------------------------------
# Playing the table

OUTCOME = re.compile(r" status=(?:sent|deferred|bounced|expired|force-expired)[ ,]"
                     r"|: (?:reject|reject_warning|hold|discard): ")


class LogWatch:
    """Follows the BSD-format log that rsyslogd writes."""

    def __init__(self, path):
        self.path, self.lines = path, []

    def refresh(self):
        with open(self.path, encoding="utf-8", errors="replace") as f:
            self.lines = f.read().splitlines()
        return self.lines

    def outcome_lines(self):
        return [l for l in self.refresh() if OUTCOME.search(l)]

    def queue_id(self, msgid, timeout=15):
        pat = re.compile(r" ([0-9A-F]{6,}): message-id=<" + re.escape(msgid) + ">")
        deadline = time.time() + timeout
        while time.time() < deadline:
            for line in self.refresh():
                m = pat.search(line)
                if m:
                    return m.group(1)
            time.sleep(0.1)
        raise SystemExit(f"no queue id for Message-ID <{msgid}> in {self.path}")


def read_reply(f):
    lines = []
    while True:
        line = f.readline().decode("utf-8", "replace")
        if not line:
            return lines
        lines.append(line.rstrip("\r\n"))
        if len(line) < 4 or line[3] != "-":
            return lines


def play_smtp(sc):
    s = socket.create_connection(("127.0.0.1", sc.port), timeout=30, source_address=(sc.client, 0))
    f = s.makefile("rb")
    if sc.pregreet:
        s.sendall(sc.pregreet.encode())
    transcript = [read_reply(f)]
    for step in sc.steps:
        cmds = step if isinstance(step, tuple) else (step,)
        s.sendall("".join(c + "\r\n" for c in cmds).encode())
        for _ in cmds:
            transcript.append(read_reply(f))
    s.close()
    return transcript


def play_mail(sc, conf, name):
    msgid = f"{name}@smtplog.test"
    body = (f"From: <{sc.sender}>\nTo: <{sc.rcpts[0]}>\nSubject: smtplog sample {name}\n"
            f"Message-ID: <{msgid}>\n\nThis message was sent by samples/postfix/scenarios.py.\n")
    subprocess.run(["sendmail", "-C", conf, "-f", sc.sender, "--", *sc.rcpts],
                   input=body.encode(), check=True)
    return msgid


def run(conf, log_path, lines_path):
    log = LogWatch(log_path)
    by_name = {s.name: s for s in SCENARIOS}
    arrived = {}
    report = open(lines_path, "w", encoding="utf-8") if lines_path else None
    if report:
        report.write("# The outcome lines of each scenario of samples/postfix/scenarios.py, as the runner\n"
                     "# saw them arrive in postfix.log of the same run (regenerated with it).\n")
    done = len(log.outcome_lines())
    want = done
    failures = 0
    for i, sc in enumerate(SCENARIOS, 1):
        send = sc.send
        if isinstance(send, Mail):
            sc.msgid = play_mail(send, conf, sc.name)
            arrived[sc.name] = time.time()
        elif isinstance(send, Smtp):
            play_smtp(send)
            sc.msgid = next((st.split("Message-ID: <")[1].split(">")[0] for st in send.steps
                             if isinstance(st, str) and "Message-ID: <" in st), "")
        else:
            target = by_name[send.of]
            qid = log.queue_id(target.msgid)
            if send.after_lifetime:
                time.sleep(max(0.0, arrived[send.of] + LIFETIME + 2 - time.time()))
            if send.force_expire:
                subprocess.run(["postsuper", "-c", conf, "-e", qid], check=True,
                               stderr=subprocess.DEVNULL)
            subprocess.run(["postqueue", "-c", conf, "-i", qid], check=True)
        want += len(sc.expect)
        deadline = time.time() + 30
        while len(got := log.outcome_lines()) < want and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.4)  # let a surplus line show up before the next scenario
        got = log.outcome_lines()
        new = got[done:]
        status = "ok" if len(got) == want else f"MISMATCH: {len(got) - done} lines, expected {len(sc.expect)}"
        failures += status != "ok"
        print(f"[{i:2d}] {sc.name}: {status}")
        for line in new:
            print("     " + line)
        if report:
            evs = "; ".join(f"{e.direction} {e.outcome} {e.code} {e.enhanced}".rstrip() for e in sc.expect)
            report.write(f"\n## {i} {sc.name}: {sc.what}\n# expected: {evs or '(no outcome line)'}\n")
            report.write("".join(l + "\n" for l in new))
        done, want = len(got), len(got)
    if report:
        report.close()
    return failures


def queue_state(conf):
    out = subprocess.run(["postqueue", "-c", conf, "-j"], capture_output=True, text=True, check=True)
    return collections.Counter(json.loads(l)["queue_name"] for l in out.stdout.splitlines() if l)


def wait_queue(conf, timeout=20):
    want = expected_queue()
    deadline = time.time() + timeout
    while True:
        have = queue_state(conf)
        if have == want or time.time() > deadline:
            return have, want
        time.sleep(0.2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("expected")
    sub.add_parser("table")
    r = sub.add_parser("run")
    r.add_argument("--conf", required=True, help="Postfix config_directory")
    r.add_argument("--log", required=True, help="BSD-format log file rsyslogd writes")
    r.add_argument("--lines", help="write each scenario's outcome lines here")
    args = ap.parse_args()
    if args.cmd == "expected":
        print_expected()
    elif args.cmd == "table":
        print_table()
    else:
        failures = run(args.conf, args.log, args.lines)
        have, want = wait_queue(args.conf)
        print(f"queue at the end: {dict(sorted(have.items()))} (expected {dict(sorted(want.items()))})")
        if have != want:
            failures += 1
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

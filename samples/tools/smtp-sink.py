#!/usr/bin/env python3
"""smtp-sink.py - a scripted SMTP/LMTP server whose replies are chosen by the addresses.

Used by samples/postfix/make-samples.sh (and the Exim sample script) so that a real
MTA meets every reply a real remote server can give, and writes it to its real log.
Python 3 standard library only.  Nothing is delivered anywhere: messages are read and
dropped.

USAGE
    smtp-sink.py --listen 127.0.0.1:2525 [--listen ADDR:PORT=MODE ...]
                 [--hostname NAME] [--log FILE] [--pidfile FILE]

    Each --listen opens one TCP port.  MODE (default "smtp"):
      smtp                  normal server; answers EHLO/HELO *and* LHLO (LMTP), and
                            replies as the address grammar below says
      greet<code>[-<enh>][_<tag>]
                            answers the connection itself with that reply instead of
                            220, e.g. greet554-5.7.1 (blocklist text), greet421-4.7.0;
                            a 421 greeting closes at once, a 5xx greeting then only
                            accepts QUIT (others get 503), as RFC 5321 3.1 asks
      silent                accepts the TCP connection and never says anything (the
                            client times out); the socket is closed after 600 s

ADDRESS GRAMMAR (decided by the local part, case-insensitive; domain ignored)
    A recipient (RCPT TO) local part is a rule:

      <anything else>       accepted: 250 2.1.5 Ok  (e.g. ok@..., alice@...)
      [r][ml]<code>[-<enh>][_<tag>]
                            answer RCPT TO with <code> [<enh>] <text>:
                              r550-5.1.1@    550 5.1.1 The email account that you ... - gsmtp
                              r452@          452 <text>        (no enhanced code)
                              r251@          251 User not local; will forward to <...>
                              ml550-5.7.26@  Gmail-style multi-line 550-5.7.26 reply
                            a 2xx code accepts the recipient; any 421 closes the session
      data[ml]<code>[-<enh>][_<tag>]
                            accept the recipient, answer the end of DATA (the "." line)
                            with that reply, e.g. data554@, data550-5.7.1@
                            (SMTP: the first such recipient decides for the message;
                            LMTP: each recipient gets its own reply after ".")
      datacmd<code>[-<enh>][_<tag>]
                            accept the recipient, answer the DATA command itself
      grey[_<tag>]          450 4.2.0 postgrey text the first time a (sender,
                            recipient) pair is seen by this process, 250 afterwards

    A sender (MAIL FROM) local part of the form
      mail[ml]<code>[-<enh>][_<tag>]
    answers MAIL FROM with that reply, e.g. mail550-5.7.1@, mail421-4.7.0@.  Any other
    sender (including <>) gets 250 2.1.0 Ok.

    <code> is a three-digit reply code 100-599; <enh> any class.subject.detail code.  The pair
    is sent as written even when the classes disagree (r550-4.4.7 sends Microsoft's real
    "550 4.4.7 QUEUE.Expired" reply).  <tag> picks another text for the same codes
    (see TEXTS below, e.g. r550-5.7.1_icloud).  Texts come from the providers' own
    wording collected in /work/shared/reference/smtp-codes.md section 3; codes with no
    provider text get RFC 5321's wording.  {rcpt} {sender} {domain} {ip} {host} in a text
    are filled in.

EVERYTHING ELSE
    EHLO advertises PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES (no STARTTLS, no
    CHUNKING; a STARTTLS command gets 502).  RSET, NOOP, QUIT, HELO, VRFY (252) work;
    unknown commands get 502.  DATA with no accepted recipient gets 554 5.5.1.  Replies are
    written in command order, so client pipelining is fine.  End-of-DATA success replies
    carry a per-process counter (queued as S00001, ...) so the text is deterministic for a
    deterministic sequence of messages.  A transcript goes to --log (default stderr).
"""

import argparse
import os
import re
import signal
import socketserver
import sys
import textwrap
import threading

# (code, enhanced or None, tag) -> reply text.  The most specific key wins; see reply_text().
TEXTS = {
    # Gmail (reference 3.1)
    (421, "4.7.0", ""): "[TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
    (421, "4.7.0", "gmail"): "IP not in whitelist for RCPT domain, closing connection. - gsmtp",
    (421, "4.7.28", ""): "Gmail has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp",
    (450, "4.2.1", ""): "The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. If the user is able to receive mail at that time, your message will be delivered. - gsmtp",
    (452, "4.2.2", ""): "The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp",
    (452, "4.5.3", ""): "Your message has too many recipients. For more information regarding Google's sending limits, visit https://support.google.com/mail/answer/6592 - gsmtp",
    (550, "5.1.1", ""): "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser - gsmtp",
    (550, "5.1.1", "icloud"): "<{rcpt}>: user does not exist",
    (550, "5.2.1", ""): "The email account that you tried to reach is inactive. Learn more at https://support.google.com/mail/?p=DisabledUser - gsmtp",
    (552, "5.2.2", ""): "The recipient's inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm - gsmtp",
    (552, "5.3.4", ""): "Your message exceeded Google's message size limits. Please visit https://support.google.com/mail/?p=MaxSizeError to view our size guidelines. - gsmtp",
    (553, "5.1.2", ""): "We weren't able to find the recipient domain. Please check for any spelling errors, and make sure you didn't enter any spaces, periods, or other punctuation after the recipient's email address. - gsmtp",
    (550, "5.7.1", ""): "[{ip}] This message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. - gsmtp",
    (550, "5.7.26", ""): "This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [{domain}] with ip: [{ip}] = did not pass For instructions on setting up authentication, go to https://support.google.com/mail/answer/81126#authentication - gsmtp",
    (550, "5.7.26", "dmarc"): "Unauthenticated email from {domain} is not accepted due to domain's DMARC policy. Please contact the administrator of {domain} domain if this was a legitimate mail. Please visit https://support.google.com/mail/answer/2451690 to learn about the DMARC initiative. - gsmtp",
    # Microsoft (reference 3.2)
    (421, None, ""): "RP-001 (BAY004-MC1F6) Unfortunately, some messages from {ip} weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    (451, "4.7.500", ""): "Access denied, please try again later. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. AS(1430)",
    (550, "5.7.606", ""): "Access denied, banned sending IP [{ip}]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)",
    (550, "5.4.1", ""): "Recipient address rejected: Access denied. AS(201806281) [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]",
    (550, "5.1.10", ""): "RESOLVER.ADR.RecipientNotFound; Recipient {rcpt} not found by SMTP address lookup",
    (550, "5.7.509", ""): "Access denied, sending domain {domain} does not pass DMARC verification and has a DMARC policy of reject. [AM4PEPF00027A5F.eurprd04.prod.outlook.com]",
    (550, "5.7.1", "ms"): "Delivery not authorized, message refused",
    (550, "4.4.7", ""): "QUEUE.Expired; message expired",
    (550, None, ""): "SC-001 (BAY004-MC5F15) Unfortunately, messages from {ip} weren't sent. Please contact your Internet service provider since part of their network is on our block list. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    # Yahoo / AOL (reference 3.3)
    (421, "4.7.1", ""): "[TS03] All messages from {ip} will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
    (553, "5.7.1", ""): "[BL21] Connections will not be accepted from {ip}, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
    (554, "5.7.9", ""): "Message not accepted for policy reasons.  See https://help.yahoo.com/kb/postmaster/SLN7253.html",
    (554, None, ""): "delivery error: dd This user doesn't have a yahoo.com account ({rcpt}) [0] - mta1234.mail.gq1.yahoo.com",
    # Apple iCloud (reference 3.4)
    (550, "5.7.1", "icloud"): "[CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
    (554, "5.7.1", "icloud"): "[HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
    # Proofpoint / Mimecast (reference 3.5)
    (554, "5.7.0", ""): "Blocked - see https://ipcheck.proofpoint.com/?ip={ip}",
    (451, None, ""): "Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451",
    (554, None, "mimecast"): "Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554",
    # DNS blocklists (reference 3.6)
    (554, "5.7.1", ""): "Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/{ip}",
    # Greylisting (reference 3.7)
    (450, "4.2.0", ""): "<{rcpt}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{domain}.html",
    (451, "4.7.1", ""): "Greylisting in action, please come back later",
    # RFC 5321 wording for the rest
    (251, None, ""): "User not local; will forward to <{rcpt_local}@forward.smtplog.test>",
    (251, "2.1.5", ""): "User not local; will forward to <{rcpt_local}@forward.smtplog.test>",
    (551, None, ""): "User not local; please try <{rcpt_local}@moved.smtplog.test>",
    (551, "5.1.6", ""): "Destination mailbox has moved, no forwarding address",
    (450, None, ""): "Requested mail action not taken: mailbox unavailable",
    (451, "4.3.0", ""): "Requested action aborted: local error in processing",
    (452, None, ""): "Requested action not taken: insufficient system storage",
    (552, None, ""): "Requested mail action aborted: exceeded storage allocation",
    (553, None, ""): "Requested action not taken: mailbox name not allowed",
}

GENERIC = {2: "Ok", 3: "Go ahead", 4: "Requested action not taken: try again later",
           5: "Requested action not taken"}

# Multi-line replies exactly as the provider breaks them (the ml prefix); a text with no
# entry here is wrapped at 60 columns instead.
ML_TEXTS = {
    (550, "5.7.26", ""): [
        "This mail has been blocked because the sender is unauthenticated.",
        "Gmail requires all senders to authenticate with either SPF or DKIM.",
        " https://support.google.com/mail/answer/81126#authentication - gsmtp",
    ],
    (550, "5.1.1", ""): [
        "The email account that you tried to reach does not exist. Please try",
        "double-checking the recipient's email address for typos or",
        "unnecessary spaces. Learn more at",
        " https://support.google.com/mail/?p=NoSuchUser - gsmtp",
    ],
    (452, "4.2.2", ""): [
        "The recipient's inbox is out of storage space. Please direct the",
        "recipient to",
        " https://support.google.com/mail/?p=OverQuotaTemp - gsmtp",
    ],
}

RULE = re.compile(r"^(?P<stage>r|datacmd|data|mail)?(?P<ml>ml)?(?P<code>[1-5][0-9][0-9])"
                  r"(?:-(?P<enh>[2-5]\.[0-9]{1,3}\.[0-9]{1,3}))?(?:_(?P<tag>[a-z0-9]+))?$")
GREY = re.compile(r"^grey(?:_(?P<tag>[a-z0-9]+))?$")


class Rule:
    """One scripted reply: where it applies and what it says."""

    def __init__(self, stage, code, enh, tag, multiline):
        self.stage, self.code, self.enh, self.tag, self.multiline = stage, code, enh, tag, multiline

    @classmethod
    def parse(cls, local_part):
        m = RULE.match(local_part.lower())
        if not m:
            return None
        stage = {"r": "rcpt", None: "rcpt", "data": "data", "datacmd": "datacmd",
                 "mail": "mail"}[m.group("stage")]
        return cls(stage, int(m.group("code")), m.group("enh"), m.group("tag") or "",
                   bool(m.group("ml")))

    def render(self, ctx):
        return format_reply(self.code, self.enh, reply_lines(self, ctx))


def reply_lines(rule, ctx):
    for key in ((rule.code, rule.enh, rule.tag), (rule.code, rule.enh, "")):
        if rule.multiline and key in ML_TEXTS:
            return [fill(t, ctx) for t in ML_TEXTS[key]]
    text = fill(reply_text(rule.code, rule.enh, rule.tag), ctx)
    return textwrap.wrap(text, 60) if rule.multiline else [text]


def reply_text(code, enh, tag):
    for key in ((code, enh, tag), (code, enh, ""), (code, None, tag), (code, None, "")):
        if key in TEXTS:
            return TEXTS[key]
    return GENERIC.get(code // 100, "Unknown")


def fill(text, ctx):
    return text.format(**ctx)


def format_reply(code, enh, lines):
    out = []
    for i, line in enumerate(lines):
        sep = " " if i == len(lines) - 1 else "-"
        out.append(f"{code}{sep}{enh} {line}" if enh else f"{code}{sep}{line}")
    return "\r\n".join(out) + "\r\n"


def local_part(addr):
    addr = addr.strip().strip("<>")
    return addr.rsplit("@", 1)[0] if "@" in addr else addr


def domain_of(addr):
    addr = addr.strip().strip("<>")
    return addr.rsplit("@", 1)[1] if "@" in addr else ""


def parse_path(arg):
    """'FROM:<a@b> SIZE=1' -> 'a@b' (args after the path are ignored)."""
    m = re.match(r"^\s*(?:FROM|TO)\s*:\s*(<[^>]*>|\S+)", arg, re.I)
    return m.group(1).strip("<>") if m else None


class Sink:
    """State shared by all listeners: transcript, counters, greylist memory."""

    def __init__(self, hostname, log):
        self.hostname, self.log_file = hostname, log
        self.lock = threading.Lock()
        self.queued = 0
        self.greylist = set()

    def log(self, port, peer, direction, text):
        with self.lock:
            for line in text.rstrip("\r\n").split("\r\n"):
                self.log_file.write(f"{port} {peer} {direction} {line}\n")
            self.log_file.flush()

    def next_id(self):
        with self.lock:
            self.queued += 1
            return f"S{self.queued:05d}"

    def grey_pass(self, sender, rcpt):
        with self.lock:
            key = (sender.lower(), rcpt.lower())
            if key in self.greylist:
                return True
            self.greylist.add(key)
            return False


class Session(socketserver.StreamRequestHandler):
    timeout = 300

    def setup(self):
        super().setup()
        self.sink, self.mode = self.server.sink, self.server.mode
        self.port = self.server.server_address[1]
        self.peer = f"{self.client_address[0]}:{self.client_address[1]}"
        self.ip = self.client_address[0]

    def send(self, text):
        self.sink.log(self.port, self.peer, ">", text)
        self.wfile.write(text.encode("utf-8", "replace"))
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(65536)
        if not line:
            return None
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        return text

    def ctx(self, rcpt=""):
        return {"rcpt": rcpt, "rcpt_local": local_part(rcpt) if rcpt else "user",
                "sender": self.sender or "", "domain": domain_of(self.sender or "") or "unknown",
                "ip": self.ip, "host": self.sink.hostname}

    def handle(self):
        self.sender = None
        self.sink.log(self.port, self.peer, "*", f"connect mode={self.mode}")
        try:
            if self.mode == "silent":
                self.connection.settimeout(600)
                while self.connection.recv(4096):
                    pass
            elif self.mode.startswith("greet"):
                self.greet_reject()
            else:
                self.smtp()
        except (OSError, ValueError) as e:
            self.sink.log(self.port, self.peer, "*", f"error {e}")
        self.sink.log(self.port, self.peer, "*", "disconnect")

    def greet_reject(self):
        rule = Rule.parse(self.mode[len("greet"):])
        self.send(rule.render(self.ctx()))
        if rule.code == 421:
            return
        while (line := self.readline()) is not None:
            self.sink.log(self.port, self.peer, "<", line)
            if line.strip().upper() == "QUIT":
                self.send("221 2.0.0 Bye\r\n")
                return
            self.send("503 5.5.1 Error: bad sequence of commands\r\n")

    def reset(self):
        self.sender = None
        self.rcpts = []  # (address, data-stage Rule or None)

    def smtp(self):
        self.lmtp = False
        self.reset()
        self.send(f"220 {self.sink.hostname} ESMTP smtp-sink.py\r\n")
        while (line := self.readline()) is not None:
            self.sink.log(self.port, self.peer, "<", line)
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            handler = getattr(self, "cmd_" + verb, None)
            reply = handler(arg) if handler else "502 5.5.2 Error: command not recognized\r\n"
            if reply:
                self.send(reply)
            if verb == "QUIT" or (reply and reply.startswith("421")):
                return

    def ehlo_reply(self):
        return (f"250-{self.sink.hostname}\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n"
                "250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n")

    def cmd_EHLO(self, arg):
        self.reset()
        return self.ehlo_reply()

    def cmd_LHLO(self, arg):
        self.lmtp = True
        return self.cmd_EHLO(arg)

    def cmd_HELO(self, arg):
        self.reset()
        return f"250 {self.sink.hostname}\r\n"

    def cmd_MAIL(self, arg):
        sender = parse_path(arg)
        if sender is None:
            return "501 5.5.4 Syntax: MAIL FROM:<address>\r\n"
        self.reset()
        self.sender = sender
        rule = Rule.parse(local_part(sender))
        if rule and rule.stage == "mail":
            reply = rule.render(self.ctx())
            if rule.code >= 300:
                self.sender = None
            return reply
        return "250 2.1.0 Ok\r\n"

    def cmd_RCPT(self, arg):
        if self.sender is None:
            return "503 5.5.1 Error: need MAIL command\r\n"
        rcpt = parse_path(arg)
        if rcpt is None:
            return "501 5.5.4 Syntax: RCPT TO:<address>\r\n"
        lp = local_part(rcpt)
        grey = GREY.match(lp.lower())
        if grey:
            if not self.sink.grey_pass(self.sender, rcpt):
                return Rule("rcpt", 450, "4.2.0", grey.group("tag") or "", False).render(self.ctx(rcpt))
            self.rcpts.append((rcpt, None))
            return "250 2.1.5 Ok\r\n"
        rule = Rule.parse(lp)
        if rule and rule.stage == "rcpt":
            if rule.code < 300:
                self.rcpts.append((rcpt, None))
            return rule.render(self.ctx(rcpt))
        self.rcpts.append((rcpt, rule if rule and rule.stage in ("data", "datacmd") else None))
        return "250 2.1.5 Ok\r\n"

    def cmd_DATA(self, arg):
        if self.sender is None:
            return "503 5.5.1 Error: need MAIL command\r\n"
        if not self.rcpts:
            return "554 5.5.1 Error: no valid recipients\r\n"
        for rcpt, rule in self.rcpts:
            if rule and rule.stage == "datacmd":
                reply = rule.render(self.ctx(rcpt))
                self.reset()
                return reply
        self.send("354 End data with <CR><LF>.<CR><LF>\r\n")
        size = 0
        while (line := self.rfile.readline(1 << 20)) not in (b".\r\n", b".\n"):
            if not line:
                raise ValueError("connection lost in DATA")
            size += len(line)
        self.sink.log(self.port, self.peer, "<", f". ({size} bytes)")
        if self.lmtp:
            replies = []
            for rcpt, rule in self.rcpts:
                if rule and rule.stage == "data":
                    replies.append(rule.render(self.ctx(rcpt)))
                else:
                    replies.append(f"250 2.0.0 <{rcpt}> Ok: delivered as {self.sink.next_id()}\r\n")
            self.reset()
            return "".join(replies)
        for rcpt, rule in self.rcpts:
            if rule and rule.stage == "data":
                reply = rule.render(self.ctx(rcpt))
                self.reset()
                return reply
        self.reset()
        return f"250 2.0.0 Ok: queued as {self.sink.next_id()}\r\n"

    def cmd_RSET(self, arg):
        self.reset()
        return "250 2.0.0 Ok\r\n"

    def cmd_NOOP(self, arg):
        return "250 2.0.0 Ok\r\n"

    def cmd_VRFY(self, arg):
        return "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery\r\n"

    def cmd_STARTTLS(self, arg):
        return "502 5.5.1 Error: command not implemented\r\n"

    def cmd_QUIT(self, arg):
        return "221 2.0.0 Bye\r\n"


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, mode, sink):
        self.mode, self.sink = mode, sink
        super().__init__(address, Session)


def parse_listen(spec):
    addr, _, mode = spec.partition("=")
    host, _, port = addr.rpartition(":")
    mode = mode or "smtp"
    if not (mode in ("smtp", "silent") or (mode.startswith("greet") and Rule.parse(mode[5:]))):
        raise argparse.ArgumentTypeError(f"unknown mode {mode!r}")
    return host.strip("[]") or "127.0.0.1", int(port), mode


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--listen", action="append", type=parse_listen, required=True,
                    metavar="ADDR:PORT[=MODE]")
    ap.add_argument("--hostname", default="sink.smtplog.test")
    ap.add_argument("--log", help="transcript file (default stderr)")
    ap.add_argument("--pidfile")
    args = ap.parse_args()

    log = open(args.log, "a", encoding="utf-8") if args.log else sys.stderr
    sink = Sink(args.hostname, log)
    servers = [Server((host, port), mode, sink) for host, port, mode in args.listen]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
        sink.log(s.server_address[1], "-", "*", f"listening on {s.server_address[0]} mode={s.mode}")
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write(f"{os.getpid()}\n")

    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    if args.pidfile:
        try:
            os.unlink(args.pidfile)
        except OSError:
            pass
    sink.log(0, "-", "*", "exiting")
    # Sessions are daemon threads; leaving now closes every socket at once, where
    # shutdown() would poll each listener in turn.
    os._exit(0)


if __name__ == "__main__":
    main()

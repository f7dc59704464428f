#!/usr/bin/env python3
"""fake-dns.py - the only DNS server the sample Postfix can see.

make-samples.sh runs Postfix in a private mount namespace whose /etc/resolv.conf points
here, so the DNS answers in the samples do not depend on the machine's resolver or
network.  It answers every query (UDP only) with no records:

  *.servfail.smtplog.test   SERVFAIL  -> Postfix: "Host not found, try again" (deferred)
  anything else             NXDOMAIN  -> Postfix: "Host not found" (bounced), smtpd
                                         clients other than 127.0.0.1 are "unknown",
                                         reject_unknown_sender_domain fires

Usage: fake-dns.py ADDR [PORT]      (default port 53; needs root for port 53)
Python 3 standard library only.
"""

import socket
import struct
import sys

NOERROR, SERVFAIL, NXDOMAIN = 0, 2, 3


def question(packet):
    """Return (qname, end offset of the question) of a query packet."""
    labels, pos = [], 12
    while True:
        n = packet[pos]
        if n == 0:
            break
        labels.append(packet[pos + 1:pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    return ".".join(labels).lower(), pos + 1 + 4  # zero byte, QTYPE, QCLASS


def answer(packet):
    qid, flags, qdcount = struct.unpack(">HHH", packet[:6])
    if qdcount != 1:
        return None
    name, end = question(packet)
    rcode = SERVFAIL if name.endswith(".servfail.smtplog.test") else NXDOMAIN
    # QR, same opcode, RD copied, RA set; one question, no records.
    rflags = 0x8000 | (flags & 0x7900) | 0x0080 | rcode
    return struct.pack(">HHHHHH", qid, rflags, 1, 0, 0, 0) + packet[12:end]


def main():
    addr = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 53
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((addr, port))
    while True:
        packet, peer = sock.recvfrom(4096)
        try:
            reply = answer(packet)
        except (IndexError, struct.error):
            reply = None
        if reply:
            sock.sendto(reply, peer)


if __name__ == "__main__":
    main()

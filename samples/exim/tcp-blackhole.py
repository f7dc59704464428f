#!/usr/bin/env python3
"""A port that never completes a TCP handshake, for Exim's connect-timeout scenario.

    tcp-blackhole.py ADDR:PORT [--ready FILE]

Listens with a backlog of 0 and never accepts, and fills its own accept queue with one
connection. From then on the kernel drops every new SYN, so a client's connect() hangs until the
client's own connect timeout fires (Exim: "defer (110): Connection timed out"). A port where
nothing listens answers at once instead (connection refused), and smtp-sink.py's "silent" mode
completes the handshake and then says nothing (a greeting timeout): three different failures.

Runs until killed; creates the file given with --ready once the queue is full.
"""
import argparse
import signal
import socket


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("listen", metavar="ADDR:PORT")
    ap.add_argument("--ready", help="file to create once the accept queue is full")
    args = ap.parse_args()
    host, _, port = args.listen.rpartition(":")
    address = (host, int(port))

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(address)
    listener.listen(0)

    # Connect until a connect no longer completes; the completed ones stay open (and unaccepted)
    # for as long as we run, which keeps the queue full.
    held = []
    while True:
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.settimeout(0.5)
        try:
            c.connect(address)
        except (TimeoutError, socket.timeout):
            c.close()
            break
        held.append(c)
        if len(held) > 8:
            raise SystemExit("tcp-blackhole: the accept queue never filled up")

    if args.ready:
        open(args.ready, "w").close()
    signal.pause()


if __name__ == "__main__":
    main()

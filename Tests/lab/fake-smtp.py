#!/usr/bin/env python3
"""Small SMTP servers with one fault each, for the cases no configuration of a real server
gives (docs/lab.md, "Fake SMTP servers"). The tests start one on a lab address:

    fake-smtp.py --listen 127.77.0.35:25 --mode MODE [--cert PEM] [--log FILE]

MODE:
  busy            greets every connection with 421 (a server at its connection limit)
  busy-once       greets the first connection with 421, then serves normally
  ehlo-busy       answers EHLO with 450 (greylisting the client)
  starttls-busy   answers STARTTLS with 454 (TLS not available for a temporary reason)
  injection       STARTTLS command injection (CVE-2011-0411): commands that arrived in the
                  same segment as STARTTLS are answered inside TLS
  normal          a correct server with STARTTLS (discards what follows STARTTLS)

Every line received is appended to --log (the tests read it: no DATA was ever sent).
Prints "ready" on standard output once it listens.
"""
import argparse
import os
import socket
import ssl
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--listen", required=True)
parser.add_argument("--mode", required=True,
                    choices=["busy", "busy-once", "ehlo-busy", "starttls-busy", "injection", "normal"])
parser.add_argument("--cert", help="PEM with the key and the certificate chain (for STARTTLS)")
parser.add_argument("--log")
parser.add_argument("--name", default="mx.hostile.tls.test")
args = parser.parse_args()


def watch_parent(parent):
    """Ends with the test process that started it, however that ends: a fake left behind
    would hold a lab address's port 25 (PR_SET_PDEATHSIG follows the starting thread, which
    ends long before the test)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()

host, port = args.listen.rsplit(":", 1)
lock = threading.Lock()
connections = 0
context = None
if args.cert:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert)


def log(line):
    if args.log:
        with lock, open(args.log, "a") as f:
            f.write(line + "\n")


class Peer:
    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def send(self, text):
        self.sock.sendall(text.encode())

    def line(self):
        while b"\n" not in self.buffer:
            data = self.sock.recv(4096)
            if not data:
                return None
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        text = line.decode(errors="replace").rstrip("\r")
        log(text)
        return text


def serve(sock, number):
    peer = Peer(sock)
    if args.mode == "busy" or (args.mode == "busy-once" and number == 1):
        peer.send(f"421 4.7.0 {args.name} Too many connections, try again later\r\n")
        return
    peer.send(f"220 {args.name} ESMTP\r\n")
    in_tls = False
    while True:
        line = peer.line()
        if line is None:
            return
        verb = line.split(" ", 1)[0].upper()
        if verb in ("EHLO", "HELO"):
            if args.mode == "ehlo-busy":
                peer.send("450 4.7.1 Client host rejected: greylisted, try again later\r\n")
                continue
            extensions = ["PIPELINING", "SIZE 10240000"] + ([] if in_tls or not context else ["STARTTLS"])
            peer.send(f"250-{args.name}\r\n" + "".join(
                f"250{'-' if i < len(extensions) - 1 else ' '}{e}\r\n" for i, e in enumerate(extensions)))
        elif verb == "STARTTLS" and context and not in_tls:
            if args.mode == "starttls-busy":
                peer.send("454 4.7.0 TLS not available due to temporary reason\r\n")
                continue
            peer.send("220 2.0.0 Ready to start TLS\r\n")
            pending = peer.buffer
            sock = context.wrap_socket(sock, server_side=True)
            peer.sock = sock
            in_tls = True
            # The flaw: what came with STARTTLS is kept and answered inside TLS. A correct
            # server throws it away (RFC 3207 §4.2: the client must not send it).
            peer.buffer = pending if args.mode == "injection" else b""
        elif verb == "NOOP":
            peer.send("250 2.0.0 Ok\r\n")
        elif verb == "RSET":
            peer.send("250 2.0.0 Ok\r\n")
        elif verb == "MAIL":
            peer.send("250 2.1.0 Ok\r\n")
        elif verb == "RCPT":
            peer.send("250 2.1.5 Ok\r\n")
        elif verb == "VRFY":
            peer.send("252 2.0.0 Cannot VRFY user\r\n")
        elif verb == "QUIT":
            peer.send("221 2.0.0 Bye\r\n")
            return
        else:
            peer.send("502 5.5.2 Error: command not recognized\r\n")


def handle(sock, number):
    try:
        serve(sock, number)
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            sock.close()
        except OSError:
            pass


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((host, int(port)))
listener.listen(16)
print("ready", flush=True)
while True:
    client, _ = listener.accept()
    with lock:
        connections += 1
        number = connections
    threading.Thread(target=handle, args=(client, number), daemon=True).start()

"""Test support: a webhook receiver on 127.0.0.1:0 (HTTP/1.1, keep-alive, optional TLS).

Prints "port N" on stdout once listening. Each request is appended to --log as one JSON
line (method, path, headers, body, client port) *before* the answer is sent, so a client
that got its answer can read its request back. The first --fail-first requests are
answered 500, the rest --status. --delay-ms holds each answer back that long after the
request is logged (a slow receiver, so that a test can kill the sender with requests in
flight). With --secret, each record says whether
X-Escalator-Signature verified (Python's hmac, independent of the C++ code). Run with /usr/bin/python3 (standard library only).
"""
import argparse
import hashlib
import hmac
import http.server
import json
import ssl
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--log", default="")
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--status", type=int, default=200)
parser.add_argument("--cert", default="")
parser.add_argument("--key", default="")
parser.add_argument("--secret", default="")
parser.add_argument("--delay-ms", type=int, default=0)
args = parser.parse_args()

lock = threading.Lock()
count = 0
log = open(args.log, "a", encoding="utf-8") if args.log else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle on, the second waits for the
    # client's delayed ACK (40 ms per request on a kept-alive connection).
    disable_nagle_algorithm = True

    def log_message(self, *unused):
        pass

    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        # Checked here with Python's hmac, independently of the C++ signer.
        signed = self.headers.get("X-Escalator-Timestamp", "").encode() + b"." + body
        expected = "sha256=" + hmac.new(args.secret.encode(), signed, hashlib.sha256).hexdigest()
        valid = hmac.compare_digest(expected, self.headers.get("X-Escalator-Signature", ""))
        with lock:
            count += 1
            status = 500 if count <= args.fail_first else args.status
            if log:
                log.write(json.dumps({
                    "method": self.command, "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body.decode("utf-8", "replace"),
                    "client_port": self.client_address[1], "status": status,
                    "signature_valid": valid}) + "\n")
                log.flush()
        if args.delay_ms:
            time.sleep(args.delay_ms / 1000)
        answer = b'{"ok":true}' if status < 300 else b'{"ok":false}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if args.cert:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"port {server.server_address[1]}", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)

"""Test support: an aiosmtpd 1.4 SMTP server on 127.0.0.1:0 writing a Maildir.

--mode starttls (STARTTLS required, AUTH only after it), tls (implicit TLS, smtps) or
plain. --port N listens on that port (default 0: any free one; a test that starts the
server late, to play an outage, passes the port it gave the service). With --user/--password, AUTH PLAIN/LOGIN is offered and checked. Recipients
"busy@..." get 451 (try later) and "nobody@..." 550 (no such user) at RCPT. Prints
"port N" once listening. Run with /usr/bin/python3: Debian's python3-aiosmtpd.
"""
import argparse
import asyncio
import ssl

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--maildir", required=True)
parser.add_argument("--mode", choices=["starttls", "tls", "plain"], default="starttls")
parser.add_argument("--cert", default="")
parser.add_argument("--key", default="")
parser.add_argument("--user", default="")
parser.add_argument("--password", default="")
parser.add_argument("--port", type=int, default=0)
args = parser.parse_args()


class Handler(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("busy@"):
            return "451 4.3.2 mailbox busy, try again later"
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    if (isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == args.user
            and auth_data.password.decode() == args.password):
        return AuthResult(success=True)
    # handled=False makes aiosmtpd answer 535; True would leave the client hanging.
    return AuthResult(success=False, handled=False)


async def main():
    loop = asyncio.get_running_loop()
    context = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
    options = {"hostname": "localhost", "loop": loop}
    if args.user:
        options["authenticator"] = authenticator
    if args.mode == "starttls":
        options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
    else:
        options.update(auth_require_tls=False)
    handler = Handler(args.maildir)
    server = await loop.create_server(
        lambda: SMTP(handler, **options), "127.0.0.1", args.port,
        ssl=context if args.mode == "tls" else None)
    print(f"port {server.sockets[0].getsockname()[1]}", flush=True)
    await server.serve_forever()


asyncio.run(main())

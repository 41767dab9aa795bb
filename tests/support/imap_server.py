"""Test support: a real Dovecot IMAP server (Debian's dovecot-imapd) on 127.0.0.1, plain
text (no TLS), one user with a Maildir under --dir. Prints "port N" once the server greets
on that port, then runs until killed; Dovecot dies with this script (PR_SET_PDEATHSIG).

Usage: /usr/bin/python3 imap_server.py --dir DIR --user NAME --password SECRET
Dovecot refuses to deliver mail as root, so under root the mail belongs to nobody.
"""
import argparse
import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--user", required=True)
parser.add_argument("--password", required=True)
args = parser.parse_args()

root = os.path.abspath(args.dir)
for sub in ("state", "mail", "home"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)

if os.getuid() == 0:
    mail_user = pwd.getpwnam("nobody")
    own = ""
else:
    mail_user = pwd.getpwuid(os.getuid())
    own = (f"default_internal_user = {mail_user.pw_name}\n"
           f"default_login_user = {mail_user.pw_name}\n")
for sub in ("mail", "home"):
    os.chmod(os.path.join(root, sub), 0o777)

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()

# Dovecot's sockets live in base_dir, and a socket path may not exceed 107 bytes: a short
# directory of its own (sockets only), named by the port, replaced when a port comes back.
run_dir = f"/tmp/escalator-dovecot-{port}"
shutil.rmtree(run_dir, ignore_errors=True)
os.makedirs(run_dir)

with open(os.path.join(root, "passwd"), "w") as f:
    f.write(f"{args.user}:{{PLAIN}}{args.password}\n")
config = os.path.join(root, "dovecot.conf")
with open(config, "w") as f:
    f.write(f"""base_dir = {run_dir}
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
first_valid_gid = 1
{own}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
""")

libc = ctypes.CDLL("libc.so.6", use_errno=True)
PR_SET_PDEATHSIG = 1


def die_with_parent():
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


server = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", config], preexec_fn=die_with_parent)
deadline = time.monotonic() + 20
while True:
    if server.poll() is not None:
        sys.stderr.write(f"dovecot exited with {server.returncode}\n")
        sys.exit(1)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            if s.recv(64).startswith(b"* OK"):
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.stderr.write("dovecot did not answer within 20 s\n")
        server.kill()
        sys.exit(1)
    time.sleep(0.05)

print(f"port {port}", flush=True)
sys.exit(server.wait())

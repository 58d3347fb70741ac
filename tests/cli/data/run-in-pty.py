"""Runs a command on a pseudo-terminal, types a line when a prompt appears, and reports what the
terminal showed. Used to test authscope-cli's password prompt as a person at a terminal meets it.

Usage: python3 run-in-pty.py PROMPT LINE COMMAND [ARGS...]
Prints the terminal's output (stdout and stderr together, as a terminal shows them) and exits with
the command's exit status; 124 when the prompt or the end did not come within 20 s.
"""
import os
import pty
import select
import sys
import time

prompt, line, command = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(command[0], command)

seen = b""
typed = False
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    if not typed and prompt in seen:
        os.write(fd, line + b"\n")
        typed = True
else:
    os.kill(pid, 9)
    sys.stdout.buffer.write(seen)
    sys.exit(124)

_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(seen)
sys.exit(os.waitstatus_to_exitcode(status))

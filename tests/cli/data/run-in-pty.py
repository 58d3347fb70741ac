"""Runs a command on a pseudo-terminal, types a line each time an expected prompt appears, and
reports what the terminal showed. Used to test authscope-cli's prompts as a person at a terminal
meets them.

Usage: python3 run-in-pty.py PROMPT LINE [PROMPT LINE ...] -- COMMAND [ARGS...]
The pairs are answered in order: LINE is typed once PROMPT appears after the previous prompt.
Prints the terminal's output (stdout and stderr together, as a terminal shows them) and exits with
the command's exit status; 124 when a prompt or the end did not come within 20 s. A LINE of "^C"
types Ctrl-C (the terminal then sends SIGINT); a LINE of "!TERM", "!HUP" or "!INT" sends that
signal to the command with kill(), as a service manager or a closed window would. On its own
stderr it reports whether the command left the terminal's echo on ("terminal echo: on" or "off").
"""
import os
import pty
import select
import signal
import sys
import termios
import time

split = sys.argv.index("--")
pairs = sys.argv[1:split]
command = sys.argv[split + 1:]
if len(pairs) % 2 or not command:
    sys.exit("usage: run-in-pty.py PROMPT LINE [PROMPT LINE ...] -- COMMAND [ARGS...]")
answers = [(pairs[i].encode(), pairs[i + 1].encode()) for i in range(0, len(pairs), 2)]

pid, fd = pty.fork()
if pid == 0:
    os.execv(command[0], command)

seen = b""
searched = 0  # the next prompt must appear after the one answered last
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
    if answers:
        prompt, line = answers[0]
        found = seen.find(prompt, searched)
        if found >= 0:
            if line.startswith(b"!") and hasattr(signal, "SIG" + line[1:].decode()):
                os.kill(pid, getattr(signal, "SIG" + line[1:].decode()))
            else:
                os.write(fd, b"\x03" if line == b"^C" else line + b"\n")
            searched = found + len(prompt)
            answers.pop(0)
else:
    os.kill(pid, 9)
    sys.stdout.buffer.write(seen)
    sys.exit(124)

_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(seen)
try:
    echo = termios.tcgetattr(fd)[3] & termios.ECHO
    sys.stderr.write("terminal echo: %s\n" % ("on" if echo else "off"))
except termios.error:
    sys.stderr.write("terminal echo: unknown\n")
sys.exit(os.waitstatus_to_exitcode(status))

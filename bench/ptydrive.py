#!/usr/bin/env python3
"""Runs a terminal program in a pseudo-terminal and times what it writes.

    ptydrive.py [--size WxH | --forward] [--out FILE] STEP... -- COMMAND ARGS...

The clock starts just before the fork. Every byte the program writes is
read as soon as it is written, so an event's time is when the program
handed the bytes to its terminal, to within the reader's wake-up (tens of
microseconds), with no polling interval in it. Steps, in order:

  expect:TEXT       wait until TEXT is in the output after the last match
                    (or the last send); the event is the read that completed it
  settle:MS         wait until the program has written nothing for MS ms;
                    the event is its last byte (first byte: NAME.first)
  send:KEYS         write KEYS (\\r \\n \\e \\xNN escapes) and start a lap there
  sleep:MS          do nothing for MS ms (the program may still write)
  lap:NAME          print "NAME SECONDS": from the lap start to the last event
  cpu:NAME          print "NAME SECONDS": user+system CPU of the program since
                    the previous cpu step (the first one starts the count)
  dump:FILE         write everything the program has written so far to FILE
  quit:KEYS         write KEYS and wait for the program to exit (killed after
                    PTYDRIVE_TIMEOUT, default 60 s, like an expect);
                    with no KEYS, end it with SIGTERM

At the end it prints "rss KIB" (the program's peak resident set, VmHWM,
read just before quitting) and "status N". With --forward the program's output is also copied
to this terminal (run the driver inside tmux to see the frames there) and
the pseudo-terminal takes this terminal's size. Exit status: 0, or 1 when
an expect timed out (after printing what the screen stream ended with).
"""
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import fcntl
import time

TIMEOUT = float(os.environ.get("PTYDRIVE_TIMEOUT", "60"))


def unescape(s):
    return s.encode().decode("unicode_escape").encode("latin-1")


class Driver:
    def __init__(self, argv, rows, cols, forward, out):
        self.forward = forward
        self.out = out
        self.buf = bytearray()
        self.pos = 0
        self.t0 = time.monotonic()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.lap_start = self.t0
        self.event = self.t0
        self.first = None
        self.cpu_mark = None
        self.exited = None

    def emit(self, line):
        self.out.write(line + "\n")
        self.out.flush()

    def read_some(self, timeout):
        """Reads what is there within timeout; returns the time of the read or None."""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return None
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        now = time.monotonic()
        if not data:
            raise EOFError
        self.buf += data
        if self.forward:
            os.write(1, data)
        return now

    def expect(self, text, timeout=TIMEOUT):
        needle = text.encode()
        deadline = time.monotonic() + timeout
        while True:
            i = self.buf.find(needle, self.pos)
            if i >= 0:
                self.pos = i + len(needle)
                return
            left = deadline - time.monotonic()
            if left <= 0:
                tail = bytes(self.buf[-600:])
                sys.stderr.write("ptydrive: timed out waiting for %r; output ended with %r\n"
                                 % (text, tail))
                self.kill()
                sys.exit(1)
            t = self.read_some(left)
            if t is not None:
                self.event = t
                if self.first is None:
                    self.first = t

    def settle(self, ms):
        quiet = ms / 1000.0
        got_any = False
        while True:
            t = self.read_some(quiet)
            if t is None:
                break
            self.event = t
            if not got_any:
                self.first = t
                got_any = True
        self.pos = len(self.buf)
        if not got_any and self.event < self.lap_start:
            # Nothing came since the lap started: it ends where it began.
            self.event = self.lap_start
            self.first = self.lap_start

    def send(self, keys):
        # Whatever came before belongs to the previous lap.
        while self.read_some(0) is not None:
            pass
        self.pos = len(self.buf)
        self.lap_start = time.monotonic()
        self.first = None
        os.write(self.fd, keys)

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def sleep(self, ms):
        end = time.monotonic() + ms / 1000.0
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            self.read_some(left)

    def peak_rss(self):
        """The program's own peak resident set (VmHWM, KiB): unlike wait4's
        ru_maxrss it does not include the forked driver before exec."""
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return -1

    def quit(self, keys):
        rss = self.peak_rss()
        if keys:
            os.write(self.fd, keys)
        else:
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + min(TIMEOUT, 600)
        while self.exited is None:
            try:
                self.read_some(0.05)
            except EOFError:
                pass
            pid, status, ru = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.exited = (status, ru)
                break
            if time.monotonic() > deadline:
                self.kill()
        status, ru = self.exited
        self.emit("rss %d" % rss)
        self.emit("status %d" % (os.waitstatus_to_exitcode(status)))

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.exited is None:
            _, status, ru = os.wait4(self.pid, 0)
            self.exited = (status, ru)


def main(args):
    size = None
    forward = False
    out = sys.stdout
    steps = []
    while args and args[0] != "--":
        a = args.pop(0)
        if a == "--size":
            size = args.pop(0)
        elif a == "--forward":
            forward = True
        elif a == "--out":
            out = open(args.pop(0), "w")
        else:
            steps.append(a)
    if not args:
        sys.exit(__doc__)
    argv = args[1:]
    if size:
        cols, rows = (int(x) for x in size.split("x"))
    else:
        rows, cols = struct.unpack("HHHH", fcntl.ioctl(1, termios.TIOCGWINSZ, b"\0" * 8))[:2]
    d = Driver(argv, rows, cols, forward, out)
    quit_keys = None
    for step in steps:
        kind, _, arg = step.partition(":")
        if kind == "expect":
            d.expect(arg)
        elif kind == "settle":
            d.settle(float(arg))
        elif kind == "send":
            d.send(unescape(arg))
        elif kind == "sleep":
            d.sleep(float(arg))
        elif kind == "lap":
            d.emit("%s %.6f" % (arg, d.event - d.lap_start))
            if d.first is not None:
                d.emit("%s.first %.6f" % (arg, d.first - d.lap_start))
        elif kind == "cpu":
            now = d.cpu_seconds()
            if d.cpu_mark is not None:
                d.emit("%s %.2f" % (arg, now - d.cpu_mark))
            d.cpu_mark = now
        elif kind == "dump":
            with open(arg, "wb") as f:
                f.write(d.buf)
        elif kind == "quit":
            quit_keys = unescape(arg)
            d.quit(quit_keys)
        else:
            sys.exit("ptydrive: unknown step %r" % step)
    if d.exited is None:
        d.quit(b"")


if __name__ == "__main__":
    main(sys.argv[1:])

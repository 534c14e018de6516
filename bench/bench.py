#!/usr/bin/env python3
"""plumb's benchmark suite (issue 8); `make bench` runs it.

Every measure runs several times in one run, sizes interleaved so that each
ratio compares runs made side by side on the same (shared, noisy) machine.
Writes bench/results.md (median, min and max of each measure, the ratios
and their targets). Demo databases and peer data are made once and cached
in bench/data/ under a hash of the code that shapes them; measures that
change a database run on copies in bench/out/.

Environment: BENCH_SIZES (default 1000,100000,1000000), BENCH_RUNS (runs
per timed measure, default 11), BENCH_SESSIONS (keystroke sessions per
size, default 3), BENCH_IDLE_SECONDS (60), BENCH_DEMO_RUNS (3),
BENCH_IMPORT_RUNS (3), BENCH_ONLY (comma list of sections to run:
ttff,keys,callgrind,memory,stats,import,demo,idle,peers), BENCH_RESULTS
(output file, default bench/results.md).
"""
import datetime
import hashlib
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
DATA = os.path.join(BENCH, "data")
OUT = os.path.join(BENCH, "out")
DRIVE = os.path.join(BENCH, "ptydrive.py")
PLUMB = os.environ.get("PLUMB_BIN", os.path.join(ROOT, "build/release/plumb"))
FLOOR = os.environ.get("FLOOR_BIN", os.path.join(ROOT, "build/release/bench/floor"))
UNIT = os.environ.get("UNIT_BIN", os.path.join(ROOT, "build/release/unit-tests"))

SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "1000,100000,1000000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "11"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "3"))
IDLE_SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", "60"))
DEMO_RUNS = int(os.environ.get("BENCH_DEMO_RUNS", "3"))
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
RESULTS = os.environ.get("BENCH_RESULTS", os.path.join(BENCH, "results.md"))
NOW = "2026-12-04T10:00:00"
FILTERS = [("common", "Kestrel"), ("rare", "Pilot for 123 users")]
SCREENS = [(80, 24), (200, 50)]

ENV = dict(os.environ)
ENV.update({
    "TZ": "UTC", "PLUMB_NOW": NOW, "LC_ALL": "C.UTF-8", "TERM": "tmux-256color",
    "HOME": os.path.join(OUT, "home"), "USER": "bench", "PLUMB_THEMES": os.path.join(ROOT, "themes"),
})
ENV.pop("NO_COLOR", None)
ENV.pop("PLUMB_DB", None)


def log(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


def label(n):
    return {1000: "1k", 100000: "100k", 1000000: "1M"}.get(n, str(n))


def run(argv, **kw):
    kw.setdefault("env", ENV)
    return subprocess.run(argv, check=True, **kw)


# ---------------------------------------------------------------- data

def code_hash():
    """The demo databases depend on the demo generator and the schema."""
    h = hashlib.sha1()
    for f in ("src/demo.c", "src/schema.c", "include/plumb/demo.h"):
        with open(os.path.join(ROOT, f), "rb") as fh:
            h.update(fh.read())
    h.update(subprocess.run([PLUMB, "--version"], capture_output=True, env=ENV).stdout)
    return h.hexdigest()[:10]


HASH = None
TMUX_RUNS = 0
LOAD_START = ""


def demo_db(n):
    """The cached pristine demo database of n deals (made once)."""
    path = os.path.join(DATA, "demo-%s-%d.db" % (HASH, n))
    if not os.path.exists(path):
        log("generating the %s-deal demo database (once; cached in bench/data)" % label(n))
        tmp = path + ".tmp"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(tmp + suffix):
                os.remove(tmp + suffix)
        t = time.monotonic()
        run([PLUMB, "--db", tmp, "demo", "--deals", str(n), "--seed", "1"],
            stdout=subprocess.DEVNULL)
        log("  %.1f s" % (time.monotonic() - t))
        # One open of the board's queries warms the cycle cache, as a user's
        # first open would; every copy then starts from the same state.
        run([PLUMB, "--db", tmp, "stats", "--format", "json"], stdout=subprocess.DEVNULL)
        os.rename(tmp, path)
    return path


def work_copy(n, tag):
    """A private copy of the demo database for measures that write."""
    dst = os.path.join(OUT, "%s-%d.db" % (tag, n))
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    run(["cp", "--reflink=auto", demo_db(n), dst])
    return dst


def stall_days(db):
    out = run([PLUMB, "--db", db, "stats", "--format", "json"], capture_output=True).stdout
    return int(json.loads(out)["cycle"]["stall_after_days"])


def task_data(n):
    """A taskwarrior database with one task per deal: open deals are pending
    and due the day they stall (so +OVERDUE is plumb's --stalled), closed
    deals are completed. Made with `task import`, once."""
    d = os.path.join(DATA, "task-%s-%d" % (HASH, n))
    rc = os.path.join(d, "taskrc")
    if os.path.exists(os.path.join(d, "done")):
        return d, rc
    log("importing %s tasks into taskwarrior (once; cached in bench/data)" % label(n))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "data"))
    with open(rc, "w") as f:
        f.write("data.location=%s\nconfirmation=off\ngc=off\nhooks=off\nverbose=nothing\n"
                "color=off\n" % os.path.join(d, "data"))
    db = demo_db(n)
    # taskwarrior's OVERDUE uses the real clock; plumb uses PLUMB_NOW.
    shift = (datetime.date.today() - datetime.date.fromisoformat(NOW[:10])).days * 86400
    stall = stall_days(db)
    ts = "strftime('%%Y%%m%%dT%%H%%M%%SZ', %s + " + str(shift) + ", 'unixepoch')"
    q = ("SELECT CASE WHEN status = 'open' THEN json_object('description', title, "
         "'project', 'sales', 'status', 'pending', 'entry', " + ts % "created_at" + ", "
         "'due', " + ts % ("(created_at / 86400 + %d) * 86400" % (stall + 1)) + ") "
         "ELSE json_object('description', title, 'project', 'sales', 'status', 'completed', "
         "'entry', " + ts % "created_at" + ", 'end', " + ts % "closed_at" + ") END "
         "FROM deals ORDER BY id")
    jpath = os.path.join(d, "tasks.json")
    with open(jpath, "w") as f:
        run(["sqlite3", "-readonly", db, q], stdout=f)
    env = dict(ENV, TASKRC=rc)
    run(["task", "import", jpath], env=env, stdout=subprocess.DEVNULL)
    os.remove(jpath)
    open(os.path.join(d, "done"), "w").close()
    return d, rc


def calcurse_data(n):
    """calcurse appointments, one per deal (its next follow-up, else its
    creation), 30 minutes each."""
    d = os.path.join(DATA, "calcurse-%s-%d" % (HASH, n))
    if os.path.exists(os.path.join(d, "conf")):
        return d
    log("writing %s calcurse appointments (once; cached in bench/data)" % label(n))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    q = ("SELECT strftime('%m/%d/%Y @ %H:%M', coalesce(next_followup_at, created_at), "
         "'unixepoch') || ' -> ' || strftime('%m/%d/%Y @ %H:%M', "
         "coalesce(next_followup_at, created_at) + 1800, 'unixepoch') || ' |' || title "
         "FROM deals ORDER BY id")
    with open(os.path.join(d, "apts"), "w") as f:
        run(["sqlite3", "-readonly", demo_db(n), q], stdout=f)
    open(os.path.join(d, "todo"), "w").close()
    with open(os.path.join(d, "conf"), "w") as f:
        f.write("general.confirmquit=no\ngeneral.confirmdelete=no\ngeneral.autosave=no\n")
    return d


# ---------------------------------------------------------------- driving

def drive(steps, argv, size=None, tmux=None, env=None):
    """Runs ptydrive; returns {name: value}. With tmux=(w, h) the driver runs
    inside a fresh tmux pane of that size and forwards the program's output
    to it, so the frames really land in tmux."""
    env = env or ENV
    res = os.path.join(OUT, "drive.out")
    if os.path.exists(res):
        os.remove(res)
    if tmux:
        # A fresh server each time: a dying one may still hold its socket.
        global TMUX_RUNS
        TMUX_RUNS += 1
        sock = os.path.join(OUT, "tmux.%d.sock" % (TMUX_RUNS % 2))
        conf = os.path.join(OUT, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -g status off\nset -g default-terminal tmux-256color\n")
        tm = ["tmux", "-S", sock, "-f", conf]
        envs = ["%s=%s" % (k, env[k]) for k in
                ("TZ", "PLUMB_NOW", "LC_ALL", "HOME", "USER", "PLUMB_THEMES", "TASKRC", "PATH")
                if k in env]
        cmd = shlex.join(["env"] + envs + ["TERM=tmux-256color", sys.executable, DRIVE,
                                           "--forward", "--out", res] + steps + ["--"] + argv)
        cmd += "; " + shlex.join(tm + ["wait-for", "-S", "bench-done"])
        subprocess.run(tm + ["kill-server"], stderr=subprocess.DEVNULL)
        run(tm + ["new-session", "-d", "-x", str(tmux[0]), "-y", str(tmux[1]), cmd], env=env)
        try:
            subprocess.run(tm + ["wait-for", "bench-done"], timeout=600)
        finally:
            subprocess.run(tm + ["kill-server"], stderr=subprocess.DEVNULL)
            if os.path.exists(sock):
                os.remove(sock)
    else:
        p = subprocess.run([sys.executable, DRIVE, "--size", "%dx%d" % size, "--out", res]
                           + steps + ["--"] + argv, env=env)
        if p.returncode != 0:
            raise RuntimeError("ptydrive failed for %s" % argv)
    out = {}
    if os.path.exists(res):
        with open(res) as f:
            for line in f:
                k, v = line.split()
                out[k] = float(v)
    if "status" not in out:
        raise RuntimeError("ptydrive did not finish for %s" % shlex.join(argv))
    return out


def stats_of(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


R = {"sections": {}, "ratios": [], "notes": []}


def ratio(name, num, den, target, unit_note="", higher_bad=True):
    r = num / den if den else float("inf")
    ok = r <= target if higher_bad else r >= target
    R["ratios"].append((name, r, target, ok, unit_note))
    return r


# ---------------------------------------------------------------- measures

def plumb_board(db):
    return [PLUMB, "--db", db]


def measure_ttff(dbs):
    # A few milliseconds each: many runs, for medians that hold on a
    # shared machine.
    runs = int(os.environ.get("BENCH_TTFF_RUNS", str(max(RUNS, 25))))
    log("time to first frame (tmux, %d runs each)" % runs)
    res = {}
    for w, h in SCREENS:
        progs = [("floor", [FLOOR], "ready")] + [
            (label(n), plumb_board(dbs[n]), "ideal") for n in SIZES]
        samples = {p[0]: [] for p in progs}
        for _ in range(runs):
            for name, argv, text in progs:
                out = drive(["expect:" + text, "lap:ttff", "quit:q"], argv, tmux=(w, h))
                samples[name].append(out["ttff"] * 1000)
        res["%dx%d" % (w, h)] = {k: stats_of(v) for k, v in samples.items()}
        m = {k: statistics.median(v) for k, v in samples.items()}
        big = label(max(SIZES))
        ratio("first frame %dx%d: %s / 1k" % (w, h, big), m[big], m["1k"], 1.2)
        ratio("first frame %dx%d: 1k / floor" % (w, h), m["1k"], m["floor"], 3.0)
    R["sections"]["ttff"] = res


def key_steps(keys_per):
    """One board session: j, l (and h back), L then u (undo), and the two
    filters (typed into the form, timed from Enter)."""
    steps = ["expect:ideal", "settle:400"]
    for i in range(keys_per):
        steps += ["send:j", "settle:200", "lap:j"]
    for i in range(keys_per):
        steps += ["send:l", "settle:200", "lap:l"]
        steps += ["send:h", "settle:200", "lap:h"]
    for i in range(keys_per):
        steps += ["send:L", "settle:250", "lap:L", "send:u", "settle:250", "lap:u"]
    for name, text in FILTERS:
        for i in range(max(1, keys_per // 2)):
            steps += ["send:/", "settle:200", "send:" + text, "settle:200",
                      "send:\\r", "settle:1500", "lap:filter-" + name,
                      "send:\\x1b", "settle:1500"]
    return steps + ["quit:q"]


def drive_multi(steps, argv, size):
    """Like drive(), but keeps every lap of the same name."""
    res = os.path.join(OUT, "drive.out")
    p = subprocess.run([sys.executable, DRIVE, "--size", "%dx%d" % size, "--out", res]
                       + steps + ["--"] + argv, env=ENV)
    if p.returncode != 0:
        raise RuntimeError("ptydrive failed for %s" % argv)
    out = {}
    with open(res) as f:
        for line in f:
            k, v = line.split()
            out.setdefault(k, []).append(float(v))
    return out


def measure_keys(dbs_rw):
    log("keystroke to redraw (%d sessions per size)" % SESSIONS)
    keys_per = 5
    samples = {n: {} for n in SIZES}
    rss = {n: [] for n in SIZES}
    for _ in range(SESSIONS):
        for n in SIZES:
            out = drive_multi(key_steps(keys_per), plumb_board(dbs_rw[n]), (80, 24))
            for k, v in out.items():
                if k in ("rss", "status"):
                    continue
                name = k[:-6] + " redraw" if k.endswith(".first") else k + " complete"
                samples[n].setdefault(name, []).extend(x * 1000 for x in v)
            rss[n].append(out["rss"][0])
    res = {label(n): {k: stats_of(v) for k, v in samples[n].items()} for n in SIZES}
    R["sections"]["keys"] = res
    R["sections"]["board_rss_session"] = {label(n): stats_of(rss[n]) for n in SIZES}
    big = max(SIZES)
    for k in samples[big]:
        if k.endswith("redraw"):
            ratio("keystroke %s: %s / 1k (wall)" % (k, label(big)),
                  statistics.median(samples[big][k]), statistics.median(samples[1000][k]), 1.2)


def callgrind_session(db, keys, tag):
    """Instructions of one board session under callgrind; returns (total,
    instructions spent in the 1 s idle ticks)."""
    outfile = os.path.join(OUT, "callgrind.%s" % tag)
    steps = ["expect:ideal", "settle:3000"]
    for k in keys:
        steps += ["send:" + k, "settle:1500"]
    steps += ["quit:q"]
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + outfile] + plumb_board(db)
    drive(steps, argv, size=(80, 24), env=dict(ENV, PTYDRIVE_TIMEOUT="600"))
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", outfile],
                         capture_output=True, text=True).stdout
    total = tick = 0
    for line in ann.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(\(.*?\)\s+)?(.*)", line)
        if not m:
            continue
        v = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in line:
            total = v
        elif re.search(r":store_data_version\b", m.group(3)):
            tick = v
    return total, tick


def measure_callgrind(dbs_rw):
    log("instructions per keystroke (callgrind)")
    presses = 6
    plans = {
        "j": ["j"] * presses,
        "l": ["l", "h"] * (presses // 2),
        "L": ["L", "u"] * (presses // 2),
    }
    # A filter's base session types the same text into the form and
    # cancels it, so the difference is applying the filter (Enter, the
    # cards, the counts) and clearing it (Esc), not typing it.
    bases = {}
    for name, text in FILTERS:
        plans["filter-" + name] = ["/", text, "\\r", "\\x1b"] * 2
        bases["filter-" + name] = ["/", text, "\\x1b"] * 2
    res = {}
    for n in SIZES:
        base, base_tick = callgrind_session(dbs_rw[n], [], "%d.base" % n)
        res[label(n)] = {"startup+first frame+counts": base}
        for key, seq in plans.items():
            b, b_tick = base, base_tick
            if key in bases:
                b, b_tick = callgrind_session(dbs_rw[n], bases[key], "%d.%s.base" % (n, key))
            total, tick = callgrind_session(dbs_rw[n], seq, "%d.%s" % (n, key))
            count = presses if key in ("j", "l", "L") else 2
            # The 1 s idle ticks (one PRAGMA data_version each) depend on how
            # long valgrind ran; they are taken out of the difference.
            res[label(n)][key] = (total - b - (tick - b_tick)) / count
    R["sections"]["callgrind"] = res
    big = label(max(SIZES))
    for key in plans:
        ratio("instructions %s: %s / 1k" % (key, big), res[big][key], res["1k"][key], 1.1)


def time_cmd(argv, env=None, stdout=subprocess.DEVNULL):
    """(seconds, peak RSS KiB) of a command, via GNU time."""
    tf = os.path.join(OUT, "time.out")
    run(["/usr/bin/time", "-o", tf, "-f", "%e %M"] + argv, env=env or ENV, stdout=stdout)
    t0 = time.monotonic()
    with open(tf) as f:
        e, m = f.read().split()[-2:]
    del t0
    return float(e), int(m)


def wall(argv, env=None):
    t = time.monotonic()
    run(argv, env=env or ENV, stdout=subprocess.DEVNULL)
    return time.monotonic() - t


def measure_memory_and_stats(dbs):
    log("memory and stats (%d runs each)" % RUNS)
    board = {n: [] for n in SIZES}
    stats_t = {n: [] for n in SIZES}
    stats_m = {n: [] for n in SIZES}
    for _ in range(RUNS):
        for n in SIZES:
            out = drive(["expect:ideal", "settle:500", "quit:q"], plumb_board(dbs[n]),
                        size=(80, 24))
            board[n].append(out["rss"])
            stats_t[n].append(wall([PLUMB, "--db", dbs[n], "stats", "--format", "json"]) * 1000)
            stats_m[n].append(time_cmd([PLUMB, "--db", dbs[n], "stats", "--format", "json"])[1])
    R["sections"]["board_rss"] = {label(n): stats_of(board[n]) for n in SIZES}
    R["sections"]["stats_rss"] = {label(n): stats_of(stats_m[n]) for n in SIZES}
    R["sections"]["stats_time"] = {label(n): stats_of(stats_t[n]) for n in SIZES}
    big = max(SIZES)
    med = lambda d, n: statistics.median(d[n])
    ratio("board peak RSS: %s / 1k" % label(big), med(board, big), med(board, 1000), 1.2)
    ratio("plumb stats peak RSS: %s / 1k" % label(big), med(stats_m, big), med(stats_m, 1000), 1.2)
    # Linear growth: time per deal must not rise from one size to the next.
    sizes = sorted(SIZES)
    for a, b in zip(sizes, sizes[1:]):
        ratio("plumb stats time per deal: %s / %s" % (label(b), label(a)),
              med(stats_t, b) / b, med(stats_t, a) / a, 1.0)
    plans = subprocess.run([UNIT, "every_aggregate"], env=dict(ENV, PLUMB_PRINT_PLANS="1"),
                           capture_output=True, text=True).stdout
    R["sections"]["plans"] = "\n".join(l for l in plans.splitlines()
                                       if not l.startswith(("PASS", "FAIL")) and
                                       not re.match(r"^\d+ passed", l))


def measure_import():
    n = 1000000 if 1000000 in SIZES else max(SIZES)
    csv = os.path.join(DATA, "deals-%s-%d.csv" % (HASH, n))
    if not os.path.exists(csv):
        log("exporting the %s-deal demo to CSV (once)" % label(n))
        run([PLUMB, "--db", demo_db(n), "export", "--format", "csv", "-o", csv + ".tmp"])
        os.rename(csv + ".tmp", csv)
    log("import of %s rows (%d runs)" % (label(n), IMPORT_RUNS))
    sq, pl, rss = [], [], []
    plain = os.path.join(OUT, "plain.db")
    imp = os.path.join(OUT, "import.db")
    for _ in range(IMPORT_RUNS):
        for f in (plain, imp, imp + "-wal", imp + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        sq.append(wall(["sqlite3", plain, ".mode csv", ".import %s t" % csv]))
        t, m = time_cmd([PLUMB, "--db", imp, "import", csv])
        pl.append(t)
        rss.append(m)
    run([PLUMB, "--db", imp, "check", "--quiet"])
    R["sections"]["import"] = {"rows": n, "sqlite3 .import s": stats_of(sq),
                               "plumb import s": stats_of(pl), "plumb import RSS KiB": stats_of(rss)}
    ratio("import %s rows: plumb / sqlite3 .import" % label(n),
          statistics.median(pl), statistics.median(sq), 1.5)


def measure_demo():
    n = 1000000 if 1000000 in SIZES else max(SIZES)
    log("demo generation of %s deals (%d runs)" % (label(n), DEMO_RUNS))
    ts = []
    db = os.path.join(OUT, "gen.db")
    line = ""
    for _ in range(DEMO_RUNS):
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        t = time.monotonic()
        line = run([PLUMB, "--db", db, "demo", "--deals", str(n), "--seed", "1"],
                   capture_output=True, text=True).stdout
        ts.append(time.monotonic() - t)
    nums = [int(x.replace(",", "")) for x in re.findall(r"(\d[\d,]*) (?:deals|follow-ups|objections)", line)]
    rows = {"deals": n}
    counts = run(["sqlite3", "-readonly", db, "SELECT (SELECT count(*) FROM stage_history), "
                  "(SELECT count(*) FROM activities), (SELECT count(*) FROM objections)"],
                 capture_output=True, text=True).stdout.strip().split("|")
    rows.update(history=int(counts[0]), activities=int(counts[1]), objections=int(counts[2]))
    total_rows = sum(rows.values())
    med = statistics.median(ts)
    R["sections"]["demo"] = {"deals": n, "seconds": stats_of(ts), "rows": rows,
                             "deals/s": n / med, "rows/s": total_rows / med,
                             "file MB": os.path.getsize(db) / 1e6, "summary": line.strip()}
    del nums


def measure_idle(dbs_rw):
    secs = IDLE_SECONDS
    sizes = [n for n in (1000, max(SIZES)) if n in SIZES]
    log("idle CPU, %d s, %s" % (secs, " and ".join(label(n) for n in sizes)))
    res = {}
    for mode in ("idle", "live"):
        procs = []
        writers = []
        for n in sizes:
            out = os.path.join(OUT, "idle.%s.%d" % (mode, n))
            steps = ["expect:ideal", "settle:1500", "cpu:start", "sleep:%d" % (secs * 1000),
                     "cpu:cpu", "quit:q"]
            procs.append((n, out, subprocess.Popen(
                [sys.executable, DRIVE, "--size", "80x24", "--out", out] + steps + ["--"]
                + plumb_board(dbs_rw[n]), env=ENV)))
            if mode == "live":
                # Another rep changes a deal every 5 s: each change reloads
                # the board (the live refresh) once.
                script = ("sleep 3; i=0; while [ $i -lt %d ]; do i=$((i+1)); "
                          "%s --db %s edit 1 --value $((1000 + i)) >/dev/null; sleep 5; done"
                          % (secs // 5 - 1, shlex.quote(PLUMB), shlex.quote(dbs_rw[n])))
                writers.append(subprocess.Popen(["sh", "-c", script], env=ENV))
        for n, out, p in procs:
            p.wait()
            with open(out) as f:
                vals = dict(line.split() for line in f)
            res.setdefault(mode, {})[label(n)] = float(vals["cpu"]) / secs * 100
        for w in writers:
            w.wait()
    R["sections"]["idle"] = res
    for mode in res:
        for n, pct in res[mode].items():
            ratio("CPU of an open board, %s, %s, %% of one core" % (mode, n), pct, 1.0, 1.0)


def measure_peers(dbs):
    sizes = [n for n in (1000, 100000) if n in SIZES]
    log("peers: taskwarrior, calcurse, vit (%s)" % ", ".join(label(n) for n in sizes))
    res = {}
    runs = max(3, RUNS // 2)
    for n in sizes:
        tdir, rc = task_data(n)
        cdir = calcurse_data(n)
        tenv = dict(ENV, TASKRC=rc, TASKDATA=os.path.join(tdir, "data"))
        vhome = os.path.join(OUT, "vithome-%d" % n)
        os.makedirs(os.path.join(vhome, ".vit"), exist_ok=True)
        with open(os.path.join(vhome, ".vit", "config.ini"), "w") as f:
            f.write("[taskwarrior]\ntaskrc = %s\n" % rc)
        venv = dict(tenv, HOME=vhome)
        lp, lt, bp, bc, bv = [], [], [], [], []
        n_stalled = len(run([PLUMB, "--db", dbs[n], "list", "--stalled", "--format", "csv"],
                            capture_output=True).stdout.splitlines()) - 1
        n_overdue = int(run(["task", "+OVERDUE", "count"], env=tenv, capture_output=True,
                            text=True).stdout.strip() or 0)
        for _ in range(runs):
            lp.append(wall([PLUMB, "--db", dbs[n], "list", "--stalled"]) * 1000)
            lt.append(wall(["task", "+OVERDUE", "list"], env=tenv) * 1000)
            bp.append(drive(["expect:ideal", "lap:ttff", "quit:q"], plumb_board(dbs[n]),
                            tmux=(80, 24))["ttff"] * 1000)
            # calcurse inserts appointments into a sorted list one by one
            # (quadratic: 10k take 0.4 s, 30k 4.5 s): at 100k one run does.
            if n <= 10000 or not bc:
                bc.append(drive(["expect:OtherCmd", "lap:ttff", "quit:q"],
                                ["calcurse", "-D", cdir], tmux=(80, 24),
                                env=dict(ENV, PTYDRIVE_TIMEOUT="900"))["ttff"] * 1000)
            # vit has no fixed last word: its first frame is its first burst
            # of output (the end of the last byte before 1 s of quiet).
            bv.append(drive(["expect:sales", "settle:1000", "lap:ttff", "quit:"], ["vit"],
                            tmux=(80, 24), env=dict(venv, PTYDRIVE_TIMEOUT="900"))["ttff"] * 1000)
        L = label(n)
        res[L] = {"items": n, "stalled/overdue": "%d / %d" % (n_stalled, n_overdue),
                  "plumb list --stalled ms": stats_of(lp), "task +OVERDUE list ms": stats_of(lt),
                  "plumb board first frame ms": stats_of(bp),
                  "calcurse first frame ms": stats_of(bc), "vit first frame ms": stats_of(bv)}
        m = statistics.median
        ratio("%s items: plumb list --stalled / task +OVERDUE list" % L, m(lp), m(lt), 1.0)
        ratio("%s items: plumb board / calcurse first frame" % L, m(bp), m(bc), 1.0)
        ratio("%s items: plumb board / vit first frame" % L, m(bp), m(bv), 1.0)
    R["sections"]["peers"] = res


# ---------------------------------------------------------------- report

def fmt(x, digits=1):
    if isinstance(x, float):
        return ("%." + str(digits) + "f") % x
    return str(x)


def table_stats(title, d, unit):
    lines = ["| %s | median | min | max | runs |" % title, "|---|---:|---:|---:|---:|"]
    for k, s in d.items():
        lines.append("| %s | %s | %s | %s | %d |" % (k, fmt(s["median"]), fmt(s["min"]),
                                                     fmt(s["max"]), s["n"]))
    return "\n".join(lines) + "\n\n(%s)\n" % unit


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def write_results(started, elapsed):
    version = subprocess.run([PLUMB, "--version"], capture_output=True, text=True).stdout.strip()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    out = ["# plumb benchmark results", "",
           "Written by `make bench` (bench/bench.py). Date: %s; machine: %s cores (`nproc`), %s; "
           "%s; SQLite %s; the run took %.0f s. Demo databases: `plumb demo --deals N --seed 1` "
           "with PLUMB_NOW=%s, sizes %s. Times are wall-clock; every ratio compares medians "
           "of runs made side by side in this run. Load average at the start %s, at the "
           "end %s (other sessions share the machine: absolute times are noisy)." % (
               started, nproc, os.uname().sysname + " " + os.uname().release, version,
               subprocess.run(["sqlite3", "--version"], capture_output=True,
                              text=True).stdout.split()[0], elapsed, NOW,
               ", ".join(label(n) for n in SIZES), LOAD_START, load_average()), ""]
    out += ["## Ratios and targets", "", "| measure | ratio | target | met |", "|---|---:|---:|---|"]
    for name, r, target, ok, note in R["ratios"]:
        out.append("| %s | %.2f | ≤ %.2f | %s |" % (name, r, target, "yes" if ok else "**no**"))
    out.append("")
    s = R["sections"]
    if "ttff" in s:
        out += ["## Time to first frame", "",
                "The board (and the floor, bench/floor.c: one line with plumb's curses set-up) "
                "runs in a tmux pane of the given size, under bench/ptydrive.py, which reads "
                "every byte the program writes as it is written and forwards it to tmux; the "
                "time is from the fork to the write that carries the status bar's \"ideal\" "
                "(the last row of the frame; \"ready\" for the floor).", ""]
        for size, d in s["ttff"].items():
            out.append(table_stats("%s" % size, d, "milliseconds"))
    if "keys" in s:
        out += ["## Keystroke to redraw", "",
                "80x24, in a pseudo-terminal, from writing the key: *redraw* to the first "
                "byte of the new frame, *complete* to the last byte of the output burst (200 ms "
                "of quiet after it; 1.5 s for filters, whose column counts follow the cards "
                "column by column). `L` moves "
                "the selected deal one stage right and `u` undoes it; `filter-*` types the text "
                "into the `/` form and is timed from Enter: common = \"%s\", rare = \"%s\"." % (
                    FILTERS[0][1], FILTERS[1][1]), ""]
        keys = list(next(iter(s["keys"].values())).keys())
        out += ["| key | " + " | ".join("%s median (min-max)" % k for k in s["keys"]) + " |",
                "|---|" + "---:|" * len(s["keys"])]
        for k in keys:
            cells = []
            for size in s["keys"]:
                st = s["keys"][size].get(k)
                cells.append("%.2f (%.2f-%.2f)" % (st["median"], st["min"], st["max"]) if st else "")
            out.append("| %s | %s |" % (k, " | ".join(cells)))
        out += ["", "(milliseconds)", ""]
    if "callgrind" in s:
        out += ["## Instructions per keystroke (callgrind)", "",
                "The board under `valgrind --tool=callgrind` in an 80x24 pseudo-terminal: a "
                "session with the keys minus a session without them, divided by the number of "
                "keys, less the instructions of the 1 s idle ticks (which depend on how long "
                "valgrind took). `l` alternates with `h`, `L` with `u`; a filter is Enter in "
                "the `/` form (cards, then the column counts) and Esc to clear it (the base "
                "session types the same text and cancels the form).", "",
                "| key | " + " | ".join(s["callgrind"]) + " |", "|---|" + "---:|" * len(s["callgrind"])]
        for k in next(iter(s["callgrind"].values())):
            out.append("| %s | %s |" % (k, " | ".join("{:,.0f}".format(s["callgrind"][z][k])
                                                      for z in s["callgrind"])))
        out.append("")
    if "board_rss" in s:
        out += ["## Memory", "", table_stats("board, open and quit (peak RSS)", s["board_rss"], "KiB")]
        if "board_rss_session" in s:
            out.append(table_stats("board, whole keystroke session (peak RSS)",
                                   s["board_rss_session"], "KiB"))
        out.append(table_stats("plumb stats --format json (peak RSS)", s["stats_rss"], "KiB"))
    if "stats_time" in s:
        out += ["## Stats", "", table_stats("plumb stats --format json", s["stats_time"],
                                            "milliseconds"),
                "Query plans of every aggregate the stats and the standup run "
                "(`PLUMB_PRINT_PLANS=1 unit-tests every_aggregate`; SQLite keeps no statistics "
                "in plumb's files, so the planner picks the same plans at every size):", "",
                "```", s.get("plans", ""), "```", ""]
    if "import" in s:
        d = s["import"]
        out += ["## Import", "", "%d-row CSV exported from the demo; the sqlite3 shell's "
                "`.import` into a plain table vs `plumb import` into a new pipeline, "
                "alternately." % d["rows"], ""]
        out.append(table_stats("import", {k: v for k, v in d.items() if k != "rows"},
                               "seconds; RSS in KiB"))
    if "demo" in s:
        d = s["demo"]
        out += ["## Demo generation", "",
                "`plumb demo --deals %d --seed 1`: median %.1f s (min %.1f, max %.1f, %d runs), "
                "%.0f deals/s, %.0f rows/s over all tables (%s), file %.0f MB." % (
                    d["deals"], d["seconds"]["median"], d["seconds"]["min"], d["seconds"]["max"],
                    d["seconds"]["n"], d["deals/s"], d["rows/s"],
                    ", ".join("%s %d" % kv for kv in d["rows"].items()), d["file MB"]), ""]
    if "idle" in s:
        out += ["## Idle", "", "CPU time (user + system) of an open board over %d s, as %% of one "
                "core: `idle` nobody writes; `live` another process changes a deal every 5 s "
                "and the board reloads each time." % IDLE_SECONDS, "",
                "| mode | " + " | ".join(next(iter(s["idle"].values()))) + " |",
                "|---|" + "---:|" * len(next(iter(s["idle"].values())))]
        for mode, d in s["idle"].items():
            out.append("| %s | %s |" % (mode, " | ".join("%.2f%%" % v for v in d.values())))
        out.append("")
    if "peers" in s:
        out += ["## Peers", "",
                "taskwarrior holds one task per deal (open deals pending and due the day they "
                "stall, closed ones completed, loaded with `task import`), so `task +OVERDUE "
                "list` lists what `plumb list --stalled` lists; calcurse holds one appointment "
                "per deal; vit shows the taskwarrior data. First frames in tmux at 80x24: "
                "calcurse's ends with its key bar (\"OtherCmd\"), vit's is its first burst of "
                "output (from the first task row to the last byte before 1 s of quiet).", ""]
        for size, d in s["peers"].items():
            out.append("### %s items (stalled / overdue: %s)" % (size, d["stalled/overdue"]))
            out.append("")
            out.append(table_stats("command", {k: v for k, v in d.items()
                                               if isinstance(v, dict)}, "milliseconds"))
    for note in R["notes"]:
        out += [note, ""]
    analysis = os.path.join(BENCH, "analysis.md")
    if os.path.exists(analysis):
        with open(analysis) as f:
            out += [f.read()]
    with open(RESULTS, "w") as f:
        f.write("\n".join(out))
    log("wrote %s" % RESULTS)


def want(section):
    return not ONLY or section in ONLY


def main():
    global HASH
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(os.path.join(OUT, "home"), exist_ok=True)
    for tool in ("tmux", "sqlite3", "valgrind", "callgrind_annotate", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit("bench: %s is needed (make deps installs it)" % tool)
    if want("peers"):
        for tool in ("task", "calcurse", "vit"):
            if not shutil.which(tool):
                sys.exit("bench: %s is needed for the peers (apt-get install taskwarrior "
                         "calcurse vit, or make deps)" % tool)
    HASH = code_hash()
    global LOAD_START
    LOAD_START = load_average()
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.monotonic()
    dbs = {n: demo_db(n) for n in SIZES}
    # The board writes (journal session, moves): it always runs on copies.
    dbs_rw = {n: work_copy(n, "board") for n in SIZES}
    if want("ttff"):
        measure_ttff(dbs_rw)
    if want("keys"):
        measure_keys(dbs_rw)
    if want("callgrind"):
        measure_callgrind(dbs_rw)
    if want("memory") or want("stats"):
        measure_memory_and_stats(dbs_rw)
    if want("idle"):
        measure_idle(dbs_rw)
    if want("peers"):
        measure_peers(dbs_rw)
    if want("import"):
        measure_import()
    if want("demo"):
        measure_demo()
    write_results(started, time.monotonic() - t0)
    for name, r, target, ok, _ in R["ratios"]:
        log("%-62s %7.2f  (target %.2f) %s" % (name, r, target, "" if ok else "MISSED"))


if __name__ == "__main__":
    main()

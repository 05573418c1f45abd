#!/usr/bin/env python3
"""spid-repl in a pseudo-terminal: completion, history across runs, Ctrl-C, handlers while
typing, Ctrl-D, UTF-8. Usage: pty_suite.py SPID_REPL_BINARY SAMPLES_DIR. Prints "ok: CHECK" per
check and exits 0 when all pass. Every wait is bounded (pexpect timeouts)."""
import os
import shutil
import sys
import tempfile

import pexpect

BINARY, SAMPLES = sys.argv[1], sys.argv[2]
HOME = tempfile.mkdtemp(prefix="spid-pty-")
ENV = dict(os.environ, XDG_DATA_HOME=HOME, SPID_SAMPLES=SAMPLES, TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8", NO_COLOR="1")
for name in ("SPID_KEY", "SPID_ENDPOINT"):
    ENV.pop(name, None)
PROMPT = "spid> "
failures = []


def start(*extra, env=ENV):
    child = pexpect.spawn(BINARY, ["--ephemeral", *extra], env=env, encoding="utf-8", timeout=20, dimensions=(40, 160))
    child.expect_exact(PROMPT)
    return child


def check(name, body):
    try:
        body()
        print(f"ok: {name}", flush=True)
    except Exception as error:  # report every check, then fail
        failures.append(name)
        print(f"FAILED: {name}: {type(error).__name__}: {error}", flush=True)


def quit_with_ctrl_d(child):
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, f"exit status {child.exitstatus}"


def completion():
    child = start()
    child.send("hel\t")          # unique: completes to "help "
    child.send("wat\t")          # the argument: a command name
    child.send("\r")
    child.expect_exact("usage: watch [OP...|all] [--timeout D]")
    child.expect_exact(PROMPT)
    child.send("profile cr\t\r")  # a subcommand
    child.expect("created identification profile ([0-9a-f-]{36})")
    child.expect_exact(PROMPT)
    child.send(f"run {SAMPLES}/awb-en\t")  # a file path
    child.send("\x01echo \r")               # Ctrl-A, then turn it into an echo of the completed path
    child.expect_exact(f"run {SAMPLES}/awb-enroll.wav")
    child.expect_exact(PROMPT)
    quit_with_ctrl_d(child)


def history_across_runs():
    child = start()
    child.send("echo first-run-marker\r")
    child.expect_exact("first-run-marker")
    child.expect_exact(PROMPT)
    child.send("connect http://127.0.0.1:1 key sekrit-value\r")
    child.expect_exact(PROMPT)
    quit_with_ctrl_d(child)
    with open(os.path.join(HOME, "spid", "history"), encoding="utf-8") as file:
        saved = file.read()
    assert "first-run-marker" in saved, saved
    assert "sekrit-value" not in saved and "****" in saved, saved
    child = start()
    child.send("\x1b[A\x1b[A\r")  # Up, Up: the echo from the first run
    child.expect_exact("first-run-marker")
    child.expect_exact(PROMPT)
    child.send("history\r")
    child.expect_exact("echo first-run-marker")
    child.expect_exact(PROMPT)
    quit_with_ctrl_d(child)


def history_file_never_holds_a_key():
    secret = "pty-s3cr3t-k3y"
    lines = [
        f"connect http://127.0.0.1:1 key  {secret}",
        f"connect http://127.0.0.1:1\tkey\t{secret}",
        f"echo x;connect http://127.0.0.1:1 key {secret}",
        f"connect http://127.0.0.1:1key {secret}",
        f"connect http://127.0.0.1:1 key '{secret}'",
        f"connect http://127.0.0.1:1 key '{secret}",
        f"module configure nothing token={secret}",
    ]
    child = start()
    for line in lines:
        child.send(line.replace("\t", "\x16\t") + "\r")  # Ctrl-V: a literal tab, not completion
        child.expect_exact(PROMPT)
    child.send("history\r")
    child.expect_exact(PROMPT)
    assert secret not in child.before, child.before
    quit_with_ctrl_d(child)
    with open(os.path.join(HOME, "spid", "history"), encoding="utf-8") as file:
        saved = file.read()
    assert secret not in saved, saved
    assert saved.count("****") >= len(lines), saved


def ctrl_c_clears_the_line():
    child = start()
    child.send("half typed")
    child.sendintr()
    child.expect_exact(PROMPT)
    child.send("echo after-interrupt\r")
    child.expect("\r\nafter-interrupt\r\n")
    child.expect_exact(PROMPT)
    quit_with_ctrl_d(child)


def ctrl_c_stops_watch():
    child = start("--processing-delay", "5s")
    child.send("a = profile create\r")
    child.expect_exact(PROMPT)
    child.send("enroll $a $SPID_SAMPLES/awb-enroll.wav\r")
    child.expect_exact("op1 enrollment accepted")
    child.expect_exact(PROMPT)
    child.send("watch\r")
    child.expect_exact("Ctrl-C stops watching")  # the live status line
    child.sendintr()
    child.expect_exact("watch stopped; the operations go on")
    child.expect_exact(PROMPT)
    child.send("echo still-alive\r")
    child.expect_exact("still-alive")
    child.expect_exact(PROMPT)
    quit_with_ctrl_d(child)


def handler_fires_while_typing():
    child = start("--processing-delay", "1s")
    child.send("a = profile create\r")
    child.expect_exact(PROMPT)
    child.send("on done all do echo HANDLER-FIRED $op $status\r")
    child.expect_exact(PROMPT)
    child.send("enroll $a $SPID_SAMPLES/awb-enroll.wav\r")
    child.expect_exact(PROMPT)
    child.send("echo kept-half")             # typed, not entered
    child.expect_exact("HANDLER-FIRED op1 succeeded", timeout=60)
    child.expect_exact("echo kept-half")     # the prompt and the half-typed line, redrawn
    child.send("-line\r")
    child.expect_exact("kept-half-line\r\n")
    child.expect_exact(PROMPT)
    quit_with_ctrl_d(child)


def utf8_and_ctrl_d():
    child = start()
    child.send("echo héllo ☃ 日本\r")
    child.expect_exact("héllo ☃ 日本\r\n")
    child.expect_exact(PROMPT)
    child.send("quit\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    child = start()
    quit_with_ctrl_d(child)


def colours_on_a_terminal():
    coloured = dict(ENV)
    coloured.pop("NO_COLOR")
    child = start(env=coloured)
    child.send("ops\r")
    child.expect_exact("no operations yet")
    child.send("profile create\r")
    child.expect_exact("created identification profile \x1b[1m")
    child.expect_exact(PROMPT)
    quit_with_ctrl_d(child)


for name, body in [
    ("tab completion of commands, subcommands and paths", completion),
    ("history across two runs, key masked", history_across_runs),
    ("the history file never holds a key, however it is spelt", history_file_never_holds_a_key),
    ("ctrl-c clears the line", ctrl_c_clears_the_line),
    ("ctrl-c stops watch, not the repl", ctrl_c_stops_watch),
    ("a handler fires while a half-typed line is kept", handler_fires_while_typing),
    ("utf-8 input, quit and ctrl-d", utf8_and_ctrl_d),
    ("colours on a terminal without NO_COLOR", colours_on_a_terminal),
]:
    check(name, body)
shutil.rmtree(HOME, ignore_errors=True)
sys.exit(1 if failures else 0)

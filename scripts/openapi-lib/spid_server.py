"""Starts a spid-server on 127.0.0.1 and a port it picks, for scripts/test-openapi."""

import contextlib
import os
import subprocess
import time
import uuid


@contextlib.contextmanager
def running(binary, *arguments, timeout=30):
    """Yields (base URL, key) of a spid-server started with `arguments`; stops it afterwards."""
    key = "openapi-" + uuid.uuid4().hex[:12]
    command = [binary, "--host", "127.0.0.1", "--port", "0", "--key", key, "--log-level", "warning",
               "--engine", "classical", "--processing-delay", "0.05", *arguments]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + timeout
        base = None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            if line.startswith("listening on http://127.0.0.1:"):
                base = line.strip().removeprefix("listening on ")
                break
        if base is None:
            process.kill()
            raise SystemExit(f"spid-server did not start within {timeout} s: {process.stderr.read()}")
        yield base, key
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def binary():
    """The spid-server to test: $SPID_SERVER_BINARY, else the debug build."""
    path = os.environ.get("SPID_SERVER_BINARY") or os.path.join(".build", "debug", "spid-server")
    if not os.access(path, os.X_OK):
        raise SystemExit(f"spid-server is not built at {path}; run swift build --product spid-server first")
    return path

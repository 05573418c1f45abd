#!/usr/bin/env python3
"""scripts/bench's runner: every measurement in one run, each the median of several with its min
and max, beside the peer or floor it is compared with. Writes bench.md and bench.json.

Usage: bench.py --bin DIR --python VENV_PYTHON --fixtures DIR --out DIR [--runs N] [--runs-10k N]
"""
import argparse
import concurrent.futures
import json
import os
import platform
import re
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIB = os.path.join(ROOT, "scripts", "bench-lib")


def say(text):
    print(text, file=sys.stderr, flush=True)


def spread(values):
    """Median, min and max of a list of numbers."""
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "runs": len(values)}


class Server:
    """A spid-server on 127.0.0.1 and a port the system picks."""

    def __init__(self, binary, key, *arguments):
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", "0", "--key", key, "--log-level", "warning", *arguments],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            match = re.search(r"^listening on (http:\S+)$", open(self.log.name).read(), re.M)
            if match:
                self.base = match.group(1)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise SystemExit(f"error: spid-server did not start: {open(self.log.name).read()}")

    def peak_rss(self):
        """The server's peak resident memory so far (VmHWM), in bytes."""
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    def cpu_seconds(self):
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        os.unlink(self.log.name)


class Bench:
    def __init__(self, args):
        self.args = args
        self.spid_bench = os.path.join(args.bin, "spid-bench")
        self.key = f"bench-{os.getpid()}-{int(time.time())}"
        self.key_file = tempfile.NamedTemporaryFile("w", delete=False)
        self.key_file.write(self.key + "\n")
        self.key_file.close()
        self.results = {}

    def request(self, method, url, body=None, headers=None):
        request = urllib.request.Request(url, data=body, method=method, headers={"Ocp-Apim-Subscription-Key": self.key, **(headers or {})})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()

    # Server: enrollment speed and GET /operations/{id} under wrk.

    def enroll_and_wait(self, api, profile, path):
        _, headers, _ = self.request("POST", f"{api}/identificationProfiles/{profile}/enroll?shortAudio=true", open(path, "rb").read())
        location = headers["Operation-Location"]
        for _ in range(1200):
            _, _, body = self.request("GET", location)
            if json.loads(body)["status"] in ("succeeded", "failed"):
                return location
            time.sleep(0.05)
        raise SystemExit(f"error: the enrollment at {location} did not end within a minute")

    def enrollment(self, engine):
        """Seconds of audio enrolled per server CPU second with one engine, or None when it cannot start."""
        try:
            server = Server(os.path.join(self.args.bin, "spid-server"), self.key, "--processing-delay", "0", "--engine", engine)
        except SystemExit as error:
            say(f"  enrollment, {engine} engine: not measured ({str(error).strip()})")
            return None
        try:
            api = server.base + "/spid/v1.0"
            _, _, body = self.request("POST", f"{api}/identificationProfiles", b'{"locale":"en-us"}', {"Content-Type": "application/json"})
            profile = json.loads(body)["identificationProfileId"]
            self.enroll_and_wait(api, profile, self.voices[0])  # warm up
            audio = sum(wav_seconds(path) for path in self.voices)
            rates = []
            for _ in range(self.args.runs):
                before = server.cpu_seconds()
                for path in self.voices:
                    self.enroll_and_wait(api, profile, path)
                rates.append(audio / max(server.cpu_seconds() - before, 1e-6))
            say(f"  enrollment, {engine} engine: {statistics.median(rates):.0f} s of audio per CPU second")
            identification = self.identification_rates(server, api, profile)
            say(f"  identification, {engine} engine: {statistics.median(identification):.0f} s of audio per CPU second")
            return {"audioSecondsPerCpuSecond": spread(rates), "audioSecondsPerRun": round(audio, 1),
                    "identificationAudioSecondsPerCpuSecond": spread(identification)}
        finally:
            server.stop()

    def identification_rates(self, server, api, profile):
        """Seconds of test audio identified per server CPU second, the test clips of every voice against `profile`."""
        tests = [path.replace("-enroll.wav", f"-test{n}.wav") for path in self.voices for n in (1, 2)]
        audio = sum(wav_seconds(path) for path in tests)
        rates = []
        for _ in range(self.args.runs):
            before = server.cpu_seconds()
            for path in tests:
                _, headers, _ = self.request("POST", f"{api}/identify?identificationProfileIds={profile}&shortAudio=true", open(path, "rb").read())
                for _ in range(1200):
                    _, _, body = self.request("GET", headers["Operation-Location"])
                    if json.loads(body)["status"] in ("succeeded", "failed"):
                        break
                    time.sleep(0.02)
            rates.append(audio / max(server.cpu_seconds() - before, 1e-6))
        return rates

    def engines(self):
        self.voices = [os.path.join(self.args.fixtures, f"{voice}-enroll.wav") for voice in ("awb", "slt", "rms", "kal", "f3")]
        results = {"classical": self.enrollment("classical"), "dvector": self.enrollment("dvector")}
        if self.args.resemblyzer_python:
            out = subprocess.run([self.args.resemblyzer_python, os.path.join(LIB, "resemblyzer_speed.py"), str(self.args.runs), *self.voices],
                                 capture_output=True, text=True)
            if out.returncode == 0:
                results["resemblyzer"] = {"audioSecondsPerCpuSecond": json.loads(out.stdout.strip().splitlines()[-1])}
                say(f"  enrollment, resemblyzer on PyTorch (CPU): {results['resemblyzer']['audioSecondsPerCpuSecond']['median']:.0f} s of audio per CPU second")
            else:
                say(f"  enrollment, resemblyzer: not measured ({out.stderr.strip()[-300:]})")
        self.results["enrollment"] = results

    def wrk(self, location):
        """One wrk run of GET location: (requests/s, p99 ms, non-2xx)."""
        out = subprocess.run(
            ["wrk", "-t2", "-c64", f"-d{self.args.wrk_seconds}s", "--latency", "-H", f"Ocp-Apim-Subscription-Key: {self.key}", location],
            capture_output=True, text=True, check=True).stdout
        match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return (float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), wrk_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
                int(match.group(1)) if match else 0)

    def operations_get(self, *server_arguments, uploaders=0, engine="classical"):
        """GET /operations/{id} under wrk; with uploaders, that many clients enroll meanwhile."""
        data = tempfile.mkdtemp(prefix="spid-bench-data-") if "--data" in server_arguments else None
        arguments = [a if a != "--data" else f"--data={data}" for a in server_arguments]
        server = Server(os.path.join(self.args.bin, "spid-server"), self.key, "--processing-delay", "0", "--engine", engine, *arguments)
        try:
            api = server.base + "/spid/v1.0"
            _, _, body = self.request("POST", f"{api}/identificationProfiles", b'{"locale":"en-us"}', {"Content-Type": "application/json"})
            profile = json.loads(body)["identificationProfileId"]
            location = self.enroll_and_wait(api, profile, os.path.join(self.args.fixtures, "kal-test1.wav"))
            audio = open(os.path.join(self.args.fixtures, "awb-test1.wav"), "rb").read()
            rps, p99, non2xx, uploads = [], [], 0, 0
            for _ in range(self.args.runs):
                stop, counts = threading.Event(), []

                def upload():
                    done = 0
                    while not stop.is_set():
                        try:
                            self.request("POST", f"{api}/identificationProfiles/{profile}/enroll?shortAudio=true", audio)
                            done += 1
                        except urllib.error.HTTPError as error:  # 429 when the queue is full: wait as told
                            stop.wait(min(float(error.headers.get("Retry-After") or 1), 1.0))
                    counts.append(done)

                threads = [threading.Thread(target=upload) for _ in range(uploaders)]
                for thread in threads:
                    thread.start()
                try:
                    r, p, n = self.wrk(location)
                finally:
                    stop.set()
                    for thread in threads:
                        thread.join(60)
                rps.append(r)
                p99.append(p)
                non2xx += n
                uploads += sum(counts)
            result = {"connections": 64, "seconds": self.args.wrk_seconds, "requestsPerSecond": spread(rps), "p99Ms": spread(p99),
                      "non2xx": non2xx}
            if uploaders:
                result |= {"uploaders": uploaders, "uploadsPerSecond": uploads / (self.args.runs * self.args.wrk_seconds),
                           "uploadSeconds": round(wav_seconds(os.path.join(self.args.fixtures, "awb-test1.wav")), 1)}
            return result
        finally:
            server.stop()
            if data:
                shutil.rmtree(data, ignore_errors=True)

    def server(self):
        plain = self.operations_get()
        say(f"  GET /operations/{{id}}: {plain['requestsPerSecond']['median']:.0f} requests/s, p99 {plain['p99Ms']['median']:.1f} ms")
        stored = self.operations_get("--data")
        say(f"  the same with --data: {stored['requestsPerSecond']['median']:.0f} requests/s, p99 {stored['p99Ms']['median']:.1f} ms")
        loaded = self.operations_get("--data", uploaders=8)
        say(f"  the same while 8 clients enroll: {loaded['requestsPerSecond']['median']:.0f} requests/s, "
            f"p99 {loaded['p99Ms']['median']:.1f} ms ({loaded['uploadsPerSecond']:.0f} uploads/s)")
        self.results["operationsGet"] = plain
        self.results["operationsGetData"] = stored
        self.results["operationsGetUploads"] = loaded
        # The d-vector engine computes for a while per upload: polls must not wait for it.
        try:
            analysing = self.operations_get(uploaders=2, engine="dvector")
        except SystemExit as error:
            say(f"  polls while the d-vector engine analyses: not measured ({str(error).strip()[-200:]})")
        else:
            say(f"  the same while 2 clients enroll on the d-vector engine: {analysing['requestsPerSecond']['median']:.0f} requests/s, "
                f"p99 {analysing['p99Ms']['median']:.1f} ms ({analysing['uploadsPerSecond']:.1f} uploads/s)")
            self.results["operationsGetAnalysing"] = analysing

    # The queue: 1,000 enrollments of 30 s waiting, with --data, and a restart on that data.

    def queue(self):
        clip = os.path.join(tempfile.mkdtemp(), "thirty.wav")
        data = tempfile.mkdtemp()
        parts = [os.path.join(self.args.fixtures, f"{voice}-enroll.wav") for voice in ("awb", "slt", "rms", "kal", "f3")]
        subprocess.run(["sox", *parts, clip, "trim", "0", "30"], check=True)
        audio = open(clip, "rb").read()
        arguments = ["--data", data, "--processing-delay", "3600", "--engine", "classical", "--max-queued-megabytes", "4096"]
        server = Server(os.path.join(self.args.bin, "spid-server"), self.key, *arguments)
        try:
            api = server.base + "/spid/v1.0"
            _, _, body = self.request("POST", f"{api}/identificationProfiles", b'{"locale":"en-us"}', {"Content-Type": "application/json"})
            profile = json.loads(body)["identificationProfileId"]
            baseline = server.peak_rss()
            started = time.perf_counter()
            for _ in range(1000):
                status, _, _ = self.request("POST", f"{api}/identificationProfiles/{profile}/enroll", audio)
                if status != 202:
                    raise SystemExit(f"error: an enrollment was answered {status}, not 202")
            accept_seconds = time.perf_counter() - started
            queued_peak = server.peak_rss()
        finally:
            server.stop()
        restarted = Server(os.path.join(self.args.bin, "spid-server"), self.key, *arguments)
        try:
            time.sleep(2)
            restart_peak = restarted.peak_rss()
        finally:
            restarted.stop()
            shutil.rmtree(data, ignore_errors=True)
            shutil.rmtree(os.path.dirname(clip), ignore_errors=True)
        self.results["queue"] = {"operations": 1000, "uploadBytes": len(audio), "baselineMiB": baseline / (1 << 20),
                                 "peakMiB": queued_peak / (1 << 20), "restartPeakMiB": restart_peak / (1 << 20),
                                 "acceptedPerSecond": 1000 / accept_seconds}
        say(f"  1,000 queued 30 s enrollments: peak {queued_peak / (1 << 20):.0f} MiB, after a restart {restart_peak / (1 << 20):.0f} MiB")

    # The cluster: instances on one PostgreSQL behind nginx (scripts/cluster).

    def start_cluster(self, instances, *extra, delay="0"):
        """A fresh scripts/cluster; returns (process, its env dict)."""
        folder = tempfile.mkdtemp(prefix="spid-bench-cluster-")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen(
            [os.path.join(ROOT, "scripts", "cluster"), "--instances", str(instances), "--dir", folder, "--port", str(port), "--key", self.key,
             "--processing-delay", delay, "--", "--log-level", "warning", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        env_file = os.path.join(folder, "cluster.env")
        for _ in range(6000):
            if os.path.exists(env_file) or process.poll() is not None:
                break
            time.sleep(0.1)
        if not os.path.exists(env_file):
            process.kill()
            raise SystemExit(f"error: scripts/cluster did not start: {process.stderr.read().decode()[-500:]}")
        env = {}
        for line in open(env_file):
            name, _, value = line.strip().partition("=")
            env[name] = value.strip('"')
        env["folder"] = folder
        return process, env

    def stop_cluster(self, process, env):
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
        shutil.rmtree(env["folder"], ignore_errors=True)

    def enroll_many(self, api, count, clips):
        """Accepts `count` enrollments over 6 profiles from 16 clients; their locations."""
        profiles = [json.loads(self.request("POST", f"{api}/identificationProfiles", b'{"locale":"en-us"}',
                                            {"Content-Type": "application/json"})[2])["identificationProfileId"] for _ in range(6)]
        audio = [open(clip, "rb").read() for clip in clips]

        def one(index):
            for _ in range(20):
                try:
                    _, headers, _ = self.request("POST", f"{api}/identificationProfiles/{profiles[index % 6]}/enroll?shortAudio=true",
                                                 audio[index % len(audio)])
                    return headers["Operation-Location"]
                except (urllib.error.HTTPError, OSError):
                    time.sleep(0.5)
            raise SystemExit("error: an enrollment was refused 20 times")

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            return list(pool.map(one, range(count)))

    def wait_all(self, locations, limit=600):
        """Seconds until every operation at `locations` has ended."""
        started = time.perf_counter()
        pending = list(locations)
        while pending and time.perf_counter() - started < limit:
            pending = [location for location in pending if json.loads(self.request("GET", location)[2])["status"] not in ("succeeded", "failed")]
            if pending:
                time.sleep(0.1)
        if pending:
            raise SystemExit(f"error: {len(pending)} operations did not end within {limit} s")
        return time.perf_counter() - started

    def cluster(self):
        clips = [os.path.join(self.args.fixtures, f"{voice}-phrase1-take{take}.wav") for voice in ("awb", "slt", "rms") for take in (1, 2, 3, 4)]
        results = {}
        for instances in (1, 3):
            process, env = self.start_cluster(instances)
            try:
                api = env["SPID_CLUSTER_ENDPOINT"]
                finished = []
                for _ in range(self.args.runs):
                    started = time.perf_counter()
                    locations = self.enroll_many(api, 200, clips)
                    self.wait_all(locations)
                    finished.append(200 / (time.perf_counter() - started))
                rps, p99 = [], []
                for _ in range(self.args.runs):
                    r, p, _ = self.wrk(locations[0])
                    rps.append(r)
                    p99.append(p)
                results[str(instances)] = {"operationsPerSecond": spread(finished), "getRequestsPerSecond": spread(rps), "getP99Ms": spread(p99)}
                say(f"  {instances} instance(s): {statistics.median(finished):.1f} enrollments finished/s, "
                    f"GET /operations/{{id}} {statistics.median(rps):.0f} requests/s (p99 {statistics.median(p99):.1f} ms)")
            finally:
                self.stop_cluster(process, env)
        # Takeover: operations held (running, 3 s delay) by an instance killed with -9 end once
        # their 5 s leases lapse and another instance claims them.
        process, env = self.start_cluster(3, "--lease", "5", delay="3")
        try:
            api = env["SPID_CLUSTER_ENDPOINT"]
            locations = self.enroll_many(api, 30, clips)
            time.sleep(3.5)  # all claimed and running
            os.kill(int(env["SPID_CLUSTER_PIDS"].split()[0]), 9)
            killed = time.perf_counter()
            self.wait_all(locations)
            results["takeoverSeconds"] = time.perf_counter() - killed
            results["leaseSeconds"] = 5
            say(f"  takeover after kill -9 (5 s leases, 3 s delays): every operation ended {results['takeoverSeconds']:.1f} s after the kill")
        finally:
            self.stop_cluster(process, env)
        self.results["cluster"] = results

    # Decoding.

    def decoding(self):
        out = subprocess.run([self.spid_bench, "decode", "--rounds", str(max(3, self.args.runs))], capture_output=True, text=True, check=True)
        self.results["decoding"] = json.loads(out.stdout)
        say(f"  decoding: strict {self.results['decoding']['strict']['median']:,.0f} documents/s")

    # Polling.

    def clients(self, base):
        bench, key = self.spid_bench, ["--endpoint", base, "--key-file", self.key_file.name]
        return {
            "spid-asynchttpclient": [bench, "watch", "--client", "monitor", "--transport", "asynchttpclient", *key],
            "spid-urlsession": [bench, "watch", "--client", "monitor", "--transport", "urlsession", *key],
            "azure-core": [self.args.python, os.path.join(LIB, "azure_lro.py"), *key],
            "loop-asynchttpclient": [bench, "watch", "--client", "loop", "--transport", "asynchttpclient", *key],
            "loop-urlsession": [bench, "watch", "--client", "loop", "--transport", "urlsession", *key],
        }

    def watch(self, server, command, operations):
        """One client watching `operations` operations started by `spid-bench start` as they start."""
        client = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ready, _, _ = select.select([client.stderr], [], [], 60)
        line = client.stderr.readline() if ready else b""
        if line.strip() != b"ready":
            client.kill()
            raise SystemExit(f"error: {' '.join(command)} did not start: {line.decode()}{client.stderr.read().decode()}")
        starter = subprocess.Popen(
            [self.spid_bench, "start", "--endpoint", server.base, "--key-file", self.key_file.name, "--operations", str(operations),
             "--audio", self.clip], stdout=client.stdin, stderr=subprocess.PIPE)
        client.stdin.close()
        client.stdin = None  # the starter writes it; communicate() must not flush a closed pipe
        try:
            _, starter_errors = starter.communicate(timeout=900)
            out, errors = client.communicate(timeout=900)
        except subprocess.TimeoutExpired:
            starter.kill()
            client.kill()
            raise SystemExit(f"error: {' '.join(command)} did not finish {operations} operations within 15 minutes")
        if starter.returncode != 0 or client.returncode != 0:
            raise SystemExit(f"error: a polling run failed:\n{starter_errors.decode()}\n{errors.decode()}")
        result = json.loads(out.decode().strip().splitlines()[-1])
        if result["failures"]:
            say(f"    {result['failures']} of {operations} watches failed: {errors.decode().strip()[-400:]}")
        return result

    def polling(self):
        # Operations stay notstarted 1.2 s and running 1.2 s more, so a watch that polls every second
        # from the operation's start sees it end on its third poll.
        server = Server(os.path.join(self.args.bin, "spid-server"), self.key, "--processing-delay", "1.2", "--engine", "classical")
        self.clip = os.path.join(tempfile.mkdtemp(), "clip.wav")
        subprocess.run(["sox", "-q", os.path.join(self.args.fixtures, "awb-test1.wav"), self.clip, "trim", "0.5", "1.2"], check=True)
        try:
            runs = {name: [] for name in self.clients(server.base)}
            for round_number in range(self.args.runs):
                for name, command in self.clients(server.base).items():  # interleaved, so drift in the machine hits every client alike
                    result = self.watch(server, command, 1000)
                    runs[name].append(result)
                    say(f"  1,000 operations, round {round_number + 1}, {name}: {result['cpuPer1000Polls']:.3f} s CPU per 1,000 polls, "
                        f"{result['wallSeconds']:.1f} s, {result['failures']} failures")
            large = {"spid-asynchttpclient": [], "spid-urlsession": [], "loop-asynchttpclient": []}
            for round_number in range(self.args.runs_10k):
                for name in large:
                    result = self.watch(server, self.clients(server.base)[name], 10000)
                    large[name].append(result)
                    say(f"  10,000 operations, round {round_number + 1}, {name}: {result['cpuPer1000Polls']:.3f} s CPU per 1,000 polls, "
                        f"{result['wallSeconds']:.1f} s, {result['failures']} failures")
        finally:
            server.stop()
            shutil.rmtree(os.path.dirname(self.clip), ignore_errors=True)
        self.results["polling"] = {"1000": {name: summarize(results) for name, results in runs.items()},
                                   "10000": {name: summarize(results) for name, results in large.items()}}
        for name in large:
            small, big = self.results["polling"]["1000"][name], self.results["polling"]["10000"][name]
            slope = (big["growthBytes"]["median"] - small["growthBytes"]["median"]) / 9000 / 1024
            self.results["polling"]["10000"][name]["memorySlopeKiBPerOperation"] = slope

    # REPL.

    def repl(self):
        repl = os.path.join(self.args.bin, "spid-repl")
        home = tempfile.mkdtemp()
        try:
            env = dict(os.environ, XDG_DATA_HOME=home, HOME=home)

            def startup(prompt, *command):
                out = subprocess.run([sys.executable, os.path.join(LIB, "repl_startup.py"), "20", prompt, *command],
                                     env=env, capture_output=True, text=True, check=True)
                return json.loads(out.stdout)

            embedded = startup("spid> ", repl)
            ephemeral = startup("spid> ", repl, "--ephemeral")
            sqlite = startup("sqlite> ", "sqlite3")
            script = os.path.join(home, "local.spid")
            write_script(script)
            rates, json_rates = [], []
            for _ in range(self.args.runs):
                for output, rates_list in (([], rates), (["--output", "json"], json_rates)):
                    started = time.perf_counter()
                    subprocess.run([repl, "--ephemeral", *output, script], env=env, stdout=subprocess.DEVNULL, check=True)
                    rates_list.append(10000 / (time.perf_counter() - started))
            document = os.path.join(home, "large.json")
            size = write_large_document(document, 15 << 20)
            load_script = os.path.join(home, "load.spid")
            with open(load_script, "w") as out:
                out.write(f"load {document}\nshow op1 status\n")
            load_seconds, load_rss = [], []
            for _ in range(self.args.runs):
                seconds, rss = timed_run([repl, "--ephemeral", load_script], env)
                load_seconds.append(seconds)
                load_rss.append(rss / (1 << 20))
            self.results["repl"] = {"firstPrompt": embedded, "firstPromptEphemeral": ephemeral, "sqlite3FirstPrompt": sqlite,
                                    "scriptCommandsPerSecond": spread(rates), "scriptCommandsPerSecondJson": spread(json_rates),
                                    "loadLargeDocument": {"bytes": size, "seconds": spread(load_seconds), "peakRSSMiB": spread(load_rss)}}
            say(f"  spid-repl: first prompt {embedded['medianMs']:.0f} ms, {statistics.median(rates):,.0f} commands/s, "
                f"load of {size / (1 << 20):.0f} MiB: {statistics.median(load_seconds):.2f} s, {statistics.median(load_rss):.0f} MiB")
        finally:
            shutil.rmtree(home, ignore_errors=True)

    def run(self):
        started = time.time()
        try:
            for name, step in (("decoding", self.decoding), ("server", self.server), ("queue", self.queue), ("engines", self.engines),
                               ("polling", self.polling), ("repl", self.repl), ("cluster", self.cluster)):
                if name in self.args.only:
                    say(f"{name}…")
                    step()
        finally:
            os.unlink(self.key_file.name)
        self.results["machine"] = machine()
        self.results["seconds"] = round(time.time() - started, 1)
        os.makedirs(self.args.out, exist_ok=True)
        with open(os.path.join(self.args.out, "bench.json"), "w") as out:
            json.dump(self.results, out, indent=2, sort_keys=True)
        table = markdown(self.results)
        with open(os.path.join(self.args.out, "bench.md"), "w") as out:
            out.write(table)
        print(table)


def summarize(results):
    """Median, min and max of each figure over runs of one client."""
    summary = {"client": results[0]["client"], "operations": results[0]["operations"],
               "failures": sum(result["failures"] for result in results)}
    for name in ("cpuPer1000Polls", "wallSeconds", "cpuSeconds"):
        summary[name] = spread([result[name] for result in results])
    summary["pollsPerOperation"] = spread([result["polls"] / result["operations"] for result in results])
    summary["growthBytes"] = spread([result["peakRSSBytes"] - result["baselineRSSBytes"] for result in results])
    summary["memoryPerOperationKiB"] = spread([(result["peakRSSBytes"] - result["baselineRSSBytes"]) / result["operations"] / 1024
                                              for result in results])
    if "endSeenMedian" in results[0]:
        summary["endSeenMedian"] = spread([result["endSeenMedian"] for result in results])
        summary["endSeenP95"] = spread([result["endSeenP95"] for result in results])
    return summary


def wav_seconds(path):
    import wave
    with wave.open(path) as audio:
        return audio.getnframes() / audio.getframerate()


def wrk_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def write_script(path):
    document = os.path.join(ROOT, "Tests", "SpeakerRecognitionTests", "Fixtures", "seed-case5.2.1-identified.json")
    commands = [
        "echo line {i} of the script", "v = echo {i}", "expect op1 processingResult.confidence Normal",
        "show op1 processingResult.identifiedProfileId", "ops", "set errexit on", "vars", "echo \"$v and quoted; text\" # a comment",
    ]
    with open(path, "w") as out:
        out.write(f"load {document}\n")
        for i in range(9999):
            out.write(commands[i % len(commands)].format(i=i) + "\n")


def write_large_document(path, size):
    """A succeeded identification whose result carries a ranking long enough to make the file `size` bytes."""
    head = ('{"status":"succeeded","createdDateTime":"2020-01-30T23:47:59.8780883Z","lastActionDateTime":"2020-01-30T23:48:01.9999543Z",'
            '"processingResult":{"identifiedProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","confidence":"High","profilesRanking":[')
    entry = '{{"profileId":"{:08x}-a19d-4404-95e1-a4488681245e","score":0.{:06d}}}'
    with open(path, "w") as out:
        out.write(head)
        written, index = len(head), 0
        while written < size - 100:
            text = ("," if index else "") + entry.format(index, (index * 7919) % 1000000)
            out.write(text)
            written += len(text)
            index += 1
        out.write("]}}\n")
    return os.path.getsize(path)


def timed_run(command, env):
    """Wall seconds and peak resident bytes of one run of `command` (its own rusage, not the session's)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"error: {' '.join(command)} failed: {process.stderr.read().decode()[-400:]}")
    return seconds, usage.ru_maxrss * 1024


def machine():
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"cores": os.cpu_count(), "cpu": model, "arch": platform.machine(), "kernel": platform.release(),
            "swift": swift[0] if swift else "", "date": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())}


def fmt(figure, digits=3, scale=1.0):
    """median (min–max)"""
    return f"{figure['median'] * scale:.{digits}f} ({figure['min'] * scale:.{digits}f}–{figure['max'] * scale:.{digits}f})"


def ratio(a, b):
    return f"{a / b:.2f}×" if b else "–"


def markdown(results):
    """The report: each section measured in this run, then the targets it can judge."""
    m = results["machine"]
    lines = [f"# spid benchmarks", "",
             f"{m['cores']} cores, {m['cpu'] or m['arch']}, Linux {m['kernel']}, {m['swift']}, {m['date']}; "
             f"every figure is the median of the runs, (min–max) beside it.", ""]
    if "polling" in results:
        lines += polling_section(results["polling"])
    if "decoding" in results:
        decoding = results["decoding"]
        lines += ["## Decoding operation documents", "", "| Decoder | documents/s | vs bare JSONDecoder |", "| --- | --- | --- |"]
        for key, label in (("strict", "spid strict (every poll)"), ("lenient", "spid lenient, valid input"),
                           ("jsonDecoderFloor", "bare JSONDecoder, plain struct (floor)")):
            lines.append(f"| {label} | {fmt(decoding[key], 0)} | {ratio(decoding[key]['median'], decoding['jsonDecoderFloor']['median'])} |")
        lines.append("")
    rows = []
    if "operationsGet" in results:
        server = results["operationsGet"]
        rows += [f"| GET /operations/{{id}}, wrk, 64 connections, {server['seconds']} s: requests/s | {fmt(server['requestsPerSecond'], 0)} |",
                 f"| the same: p99 latency (ms) | {fmt(server['p99Ms'], 2)}; non-2xx: {server['non2xx']} |"]
    if "operationsGetData" in results:
        stored, loaded = results["operationsGetData"], results["operationsGetUploads"]
        rows += [f"| the same with --data (SQLite): requests/s | {fmt(stored['requestsPerSecond'], 0)} |",
                 f"| the same: p99 latency (ms) | {fmt(stored['p99Ms'], 2)}; non-2xx: {stored['non2xx']} |",
                 f"| the same with --data while {loaded['uploaders']} clients enroll ({loaded['uploadSeconds']} s WAVs, {loaded['uploadsPerSecond']:.0f} uploads/s): requests/s | {fmt(loaded['requestsPerSecond'], 0)} |",
                 f"| the same: p99 latency (ms) | {fmt(loaded['p99Ms'], 2)}; non-2xx: {loaded['non2xx']} |"]
    if "operationsGetAnalysing" in results:
        busy = results["operationsGetAnalysing"]
        rows += [f"| the same, memory store, while {busy['uploaders']} clients enroll on the d-vector engine ({busy['uploadSeconds']} s WAVs, {busy['uploadsPerSecond']:.1f} uploads/s): requests/s | {fmt(busy['requestsPerSecond'], 0)} |",
                 f"| the same: p99 latency (ms) | {fmt(busy['p99Ms'], 2)}; non-2xx: {busy['non2xx']} |"]
    if "queue" in results:
        queue = results["queue"]
        rows += [f"| spid-server --data, 1,000 queued 30 s enrollments: peak memory (MiB) | {queue['peakMiB']:.0f} (at start {queue['baselineMiB']:.0f}) |",
                 f"| the same data after a restart: peak memory (MiB) | {queue['restartPeakMiB']:.0f} |",
                 f"| the same: enrollments accepted per second, one client | {queue['acceptedPerSecond']:.0f} |"]
    if "enrollment" in results:
        rows += enrollment_rows(results["enrollment"])
    if "repl" in results:
        repl = results["repl"]
        load = repl["loadLargeDocument"]
        rows += [f"| spid-repl, first prompt in a pty (embedded service, SQLite data), median / p90 of 20 (ms) | "
                 f"{repl['firstPrompt']['medianMs']:.0f} / {repl['firstPrompt']['p90Ms']:.0f} "
                 f"({ratio(repl['firstPrompt']['medianMs'], repl['sqlite3FirstPrompt']['medianMs'])} sqlite3's {repl['sqlite3FirstPrompt']['medianMs']:.0f} ms) |",
                 f"| spid-repl --ephemeral, first prompt, median / p90 of 20 (ms) | {repl['firstPromptEphemeral']['medianMs']:.0f} / {repl['firstPromptEphemeral']['p90Ms']:.0f} |",
                 f"| spid-repl, 10,000-line script of local commands: commands/s | {fmt(repl['scriptCommandsPerSecond'], 0)}; "
                 f"--output json: {fmt(repl['scriptCommandsPerSecondJson'], 0)} |",
                 f"| spid-repl, `load` of a {load['bytes'] / (1 << 20):.1f} MiB operation document (whole run, s) | {fmt(load['seconds'], 2)} |",
                 f"| the same: peak memory of spid-repl (MiB) | {fmt(load['peakRSSMiB'], 0)} |"]
    if "cluster" in results:
        cluster = results["cluster"]
        for instances in ("1", "3"):
            figures = cluster[instances]
            rows += [f"| cluster on PostgreSQL behind nginx, {instances} instance(s): 3.5 s enrollments finished per second | {fmt(figures['operationsPerSecond'], 1)} |",
                     f"| the same: GET /operations/{{id}} through nginx, requests/s (p99 ms) | {fmt(figures['getRequestsPerSecond'], 0)} ({fmt(figures['getP99Ms'], 2)}) |"]
        rows.append(f"| cluster, kill -9 of 1 of 3 instances: seconds until its operations end ({cluster['leaseSeconds']} s leases, 3 s delays) | {cluster['takeoverSeconds']:.1f} |")
    if rows:
        lines += ["## spid-server and spid-repl", "", "| Measure | Value |", "| --- | --- |", *rows, ""]
    targets = target_rows(results)
    if targets:
        lines += ["## Targets", "", "| Target | Measured | Goal | |", "| --- | --- | --- | --- |"]
        for name, value, goal, relation in targets:
            met = value <= goal if relation == "≤" else value >= goal
            lines.append(f"| {name} | {value:.2f} | {relation} {goal} | {'met' if met else 'missed'} |")
        lines.append("")
    if "polling" in results:
        lines += ["Polling: a separate process (`spid-bench start`) starts the enrollments and hands each "
                  "Operation-Location to the client under test the moment its 202 arrives, so the client's CPU is polling "
                  "alone. Each client polls every second from an operation's start (azure-core also polls once at once, "
                  "hence more polls), with the same 64 connections per host for spid and the bare loops. Memory per "
                  "operation is the growth of resident memory (peak over the baseline before the first operation) divided "
                  "by the operations. The server and the clients share the machine.", ""]
    lines += [f"Whole run: {results['seconds']:.0f} s.", ""]
    return "\n".join(lines)


def polling_section(results):
    polling, large = results["1000"], results["10000"]
    names = [("spid-asynchttpclient", "spid, AsyncHTTPClient"), ("spid-urlsession", "spid, URLSession"),
             ("azure-core", "azure-core LROPoller"), ("loop-asynchttpclient", "bare loop, AsyncHTTPClient"),
             ("loop-urlsession", "bare loop, URLSession")]
    azure, floor_ahc, floor_us = polling["azure-core"], polling["loop-asynchttpclient"], polling["loop-urlsession"]
    lines = ["## Polling: 1,000 operations, each ending on its third 1 s poll", "",
             "| Client | CPU per 1,000 polls (s) | vs azure-core | vs bare loop, same HTTP client | polls per operation | all ended after (s) | memory per operation (KiB) | failures |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for key, label in names:
        row = polling[key]
        floor = floor_ahc if "asynchttpclient" in key else floor_us
        lines.append(
            f"| {label} | {fmt(row['cpuPer1000Polls'])} | {ratio(row['cpuPer1000Polls']['median'], azure['cpuPer1000Polls']['median'])} | "
            f"{ratio(row['cpuPer1000Polls']['median'], floor['cpuPer1000Polls']['median']) if key.startswith('spid') else ''} | "
            f"{row['pollsPerOperation']['median']:.2f} | {fmt(row['wallSeconds'], 1)} | {fmt(row['memoryPerOperationKiB'], 1)} | {row['failures']} |")
    lines += ["", "## Polling: 10,000 operations, spid and the bare loop (the floor)", "",
              "| Client | CPU per 1,000 polls (s) | all ended after (s) | memory per operation, slope 1,000 → 10,000 (KiB) | server change → handler, median / p95 (s) | failures |",
              "| --- | --- | --- | --- | --- | --- |"]
    for key, label in names[:2] + [names[3]]:
        row = large[key]
        seen = f"{row['endSeenMedian']['median']:.2f} / {row['endSeenP95']['median']:.2f}" if "endSeenMedian" in row else "(no handler)"
        lines.append(f"| {label} | {fmt(row['cpuPer1000Polls'])} | {fmt(row['wallSeconds'], 1)} | {row['memorySlopeKiBPerOperation']:.2f} | "
                     f"{seen} | {row['failures']} |")
    return lines + [""]


def target_rows(results):
    """(what, measured, goal, relation) for every target this run measured."""
    rows = []
    if "polling" in results:
        polling, large = results["polling"]["1000"], results["polling"]["10000"]
        spid, azure, floor = polling["spid-asynchttpclient"], polling["azure-core"], polling["loop-asynchttpclient"]
        rows += [
            ("CPU per 1,000 polls, spid on AsyncHTTPClient ÷ azure-core", spid["cpuPer1000Polls"]["median"] / azure["cpuPer1000Polls"]["median"], 0.25, "≤"),
            ("CPU per 1,000 polls, spid ÷ bare loop on AsyncHTTPClient", spid["cpuPer1000Polls"]["median"] / floor["cpuPer1000Polls"]["median"], 1.2, "≤"),
            ("memory per watched operation at 1,000, spid on AsyncHTTPClient − azure-core (KiB)",
             spid["memoryPerOperationKiB"]["median"] - azure["memoryPerOperationKiB"]["median"], 0, "≤"),
            ("memory per watched operation, slope (KiB), spid on AsyncHTTPClient", large["spid-asynchttpclient"]["memorySlopeKiBPerOperation"], 10, "≤"),
            ("all 1,000 ended after (s), spid on AsyncHTTPClient − azure-core", spid["wallSeconds"]["median"] - azure["wallSeconds"]["median"], 0, "≤"),
        ]
    if "decoding" in results:
        decoding = results["decoding"]
        rows += [
            ("decoding, strict ÷ bare JSONDecoder (documents/s)", decoding["strict"]["median"] / decoding["jsonDecoderFloor"]["median"], 0.67, "≥"),
            ("decoding, lenient on valid input ÷ strict", decoding["lenient"]["median"] / decoding["strict"]["median"], 0.9, "≥"),
        ]
    if "operationsGet" in results:
        rows.append(("GET /operations/{id}, memory store: requests/s", results["operationsGet"]["requestsPerSecond"]["median"], 30000, "≥"))
        rows.append(("the same: p99 (ms)", results["operationsGet"]["p99Ms"]["median"], 5, "≤"))
    if "operationsGetData" in results:
        rows.append(("GET /operations/{id}, --data: requests/s", results["operationsGetData"]["requestsPerSecond"]["median"], 20000, "≥"))
        rows.append(("GET /operations/{id} p99 while 8 clients enroll (ms)", results["operationsGetUploads"]["p99Ms"]["median"], 20, "≤"))
    if "operationsGetAnalysing" in results:
        rows.append(("GET /operations/{id} p99 while the d-vector engine analyses (ms)", results["operationsGetAnalysing"]["p99Ms"]["median"], 20, "≤"))
    if "queue" in results:
        rows += [("spid-server, 1,000 queued 30 s enrollments: peak memory (MiB)", results["queue"]["peakMiB"], 300, "≤"),
                 ("the same data after a restart: peak memory (MiB)", results["queue"]["restartPeakMiB"], 300, "≤")]
    if "repl" in results:
        rows.append(("spid-repl `load` of a 15 MiB document (s)", results["repl"]["loadLargeDocument"]["seconds"]["median"], 2, "≤"))
    return rows


def enrollment_rows(enrollment):
    rows = []
    peer = (enrollment.get("resemblyzer") or {}).get("audioSecondsPerCpuSecond")
    for key, label in (("classical", "classical engine"), ("dvector", "d-vector engine"), ("resemblyzer", "resemblyzer 0.1.4 on PyTorch CPU (the original, in process)")):
        figure = (enrollment.get(key) or {}).get("audioSecondsPerCpuSecond")
        if figure is None:
            rows.append(f"| enrollment, {label}: seconds of audio per CPU second | not measured |")
            continue
        versus = f" ({ratio(figure['median'], peer['median'])} the original)" if peer and key == "dvector" else ""
        rows.append(f"| enrollment, {label}: seconds of audio per CPU second | {fmt(figure, 0)}{versus} |")
        identification = (enrollment.get(key) or {}).get("identificationAudioSecondsPerCpuSecond")
        if identification:
            rows.append(f"| identification, {label}: seconds of audio per CPU second | {fmt(identification, 0)} |")
    return rows


SECTIONS = ("decoding", "server", "queue", "engines", "polling", "repl", "cluster")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-10k", type=int, default=2)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--resemblyzer-python", help="a Python with resemblyzer and PyTorch, for the d-vector engine's peer")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run, of: {', '.join(SECTIONS)} (default: all)")
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in args.only if name not in SECTIONS]
    if unknown or not args.only:
        parser.error(f"--only takes sections among {', '.join(SECTIONS)}; not {', '.join(unknown) or 'nothing'}")
    Bench(args).run()


if __name__ == "__main__":
    main()

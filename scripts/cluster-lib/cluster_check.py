#!/usr/bin/env python3
"""Checks a running spid cluster (scripts/cluster): the Python sample's flow through nginx, an
Operation-Location answered by every instance, PostgreSQL restarted mid-traffic (503 with
Retry-After, never a hang), and one instance killed with -9 while 300 enrollments are in flight
(every accepted operation ends, each profile's speech time is the sum of its succeeded
enrollments). Reads DIR/cluster.env; prints "ok: CHECK" per check; exits 0 when all pass.
Usage: cluster_check.py CLUSTER_DIR AUDIO_DIR. Every wait is bounded."""
import concurrent.futures
import http.client
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

CLUSTER_DIR, AUDIO = sys.argv[1], sys.argv[2]
ENV = {}
with open(os.path.join(CLUSTER_DIR, "cluster.env"), encoding="utf-8") as file:
    for line in file:
        name, _, value = line.strip().partition("=")
        ENV[name] = shlex.split(value)[0] if value else ""
ENDPOINT = urllib.parse.urlparse(ENV["SPID_CLUSTER_ENDPOINT"])
KEY = ENV["SPID_CLUSTER_KEY"]
PIDS = [int(pid) for pid in ENV["SPID_CLUSTER_PIDS"].split()]
PORTS = [int(port) for port in ENV["SPID_CLUSTER_PORTS"].split()]
failures = []


def wav(name):
    with open(os.path.join(AUDIO, name), "rb") as file:
        return file.read()


def request(method, path, body=None, content_type=None, port=None, timeout=20):
    """One request as the Python sample makes it (http.client); (status, headers, body)."""
    connection = http.client.HTTPConnection(ENDPOINT.hostname, port or ENDPOINT.port, timeout=timeout)
    headers = {"Ocp-Apim-Subscription-Key": KEY}
    if content_type:
        headers["Content-Type"] = content_type
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def api(path):
    return ENDPOINT.path.rstrip("/") + path


def create_profile():
    status, _, body = request("POST", api("/identificationProfiles"), json.dumps({"locale": "en-us"}), "application/json")
    assert status == 200, (status, body)
    return json.loads(body)["identificationProfileId"]


def submit(path, audio, port=None):
    status, headers, body = request("POST", path, audio, "application/octet-stream", port=port)
    if status != 202:
        return None, status
    return headers["operation-location"], status


def poll(location, limit=120.0):
    """Polls as the Python sample does (urlparse: the path only) until the operation ends."""
    path = urllib.parse.urlparse(location).path
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            status, _, body = request("GET", path)
        except OSError:
            status, body = 0, b""
        if status == 200:
            answer = json.loads(body)
            if answer["status"] in ("succeeded", "failed"):
                return answer
        time.sleep(0.25)
    raise AssertionError(f"{location} did not end within {limit} s")


def check(name, body):
    try:
        body()
        print(f"ok: {name}", flush=True)
    except Exception as error:  # report every check, then fail
        failures.append(name)
        print(f"FAILED: {name}: {type(error).__name__}: {error}", flush=True)


def python_sample_flow():
    profiles = {}
    for voice in ("awb", "slt"):
        profile = create_profile()
        location, status = submit(api(f"/identificationProfiles/{profile}/enroll?shortAudio=True"), wav(f"{voice}-enroll.wav"))
        assert location, f"enroll answered {status}"
        result = poll(location)
        assert result["status"] == "succeeded", result
        assert result["processingResult"]["enrollmentStatus"] == "Enrolled", result
        profiles[voice] = profile
    ids = ",".join(profiles.values())
    location, status = submit(api(f"/identify?identificationProfileIds={ids}&shortAudio=True"), wav("awb-test1.wav"))
    assert location, f"identify answered {status}"
    result = poll(location)
    assert result["processingResult"]["identifiedProfileId"] == profiles["awb"], result


def any_instance_answers_any_operation():
    profile = create_profile()
    location, status = submit(api(f"/identificationProfiles/{profile}/enroll?shortAudio=true"), wav("slt-test1.wav"), port=PORTS[0])
    assert location, f"enroll on the first instance answered {status}"
    path = urllib.parse.urlparse(location).path
    for port in PORTS:
        status, _, body = request("GET", path, port=port)
        assert status == 200, f"instance on {port} answered {status} for an operation of another: {body!r}"
    assert poll(location)["status"] == "succeeded"


def postgres_restart_gives_503_not_a_hang():
    statuses, problems = [], []
    stop = threading.Event()

    def traffic():
        while not stop.is_set():
            started = time.monotonic()
            try:
                status, headers, _ = request("GET", api("/identificationProfiles"), timeout=15)
                statuses.append(status)
                if time.monotonic() - started > 10:
                    problems.append(f"an answer took {time.monotonic() - started:.1f} s")
                if status == 503 and "retry-after" not in headers:
                    problems.append("a 503 without Retry-After")
                elif status not in (200, 503):
                    problems.append(f"status {status}")
            except OSError as error:
                problems.append(f"{type(error).__name__} after {time.monotonic() - started:.1f} s")
            time.sleep(0.05)

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    pg_ctl = os.path.join(os.path.dirname(subprocess.run(["bash", "-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1"], capture_output=True, text=True).stdout.strip() + "/"), "pg_ctl")
    owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = os.path.join(ENV["SPID_CLUSTER_POSTGRES_DIR"], "data")
    subprocess.run(owner + [pg_ctl, "-D", data, "-m", "fast", "-w", "stop"], check=True, capture_output=True)
    time.sleep(8)  # longer than a store step may take (5 s): requests in this window get 503
    subprocess.run(owner + [pg_ctl, "-D", data, "-l", os.path.join(ENV["SPID_CLUSTER_POSTGRES_DIR"], "postgres.log"), "-w", "-o",
                    f"-c listen_addresses=127.0.0.1 -p {ENV['SPID_CLUSTER_POSTGRES_PORT']} -k {ENV['SPID_CLUSTER_POSTGRES_DIR']} -c max_connections=200",
                    "start"], check=True, capture_output=True)
    recovered = False
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not recovered:
        before = len(statuses)
        time.sleep(1)
        recovered = len(statuses) > before and all(status == 200 for status in statuses[before:])
    stop.set()
    for thread in threads:
        thread.join(30)
    assert not problems, f"{len(problems)} bad answers, first: {problems[:3]}"
    assert 503 in statuses, "no request saw the database down (expected 503s while it was stopped)"
    assert recovered, "requests did not all succeed again within 30 s of the restart"
    profile = create_profile()
    location, _ = submit(api(f"/identificationProfiles/{profile}/enroll?shortAudio=true"), wav("rms-test1.wav"))
    assert location and poll(location)["status"] == "succeeded", "an enrollment after the restart did not succeed"


def kill_one_instance_with_300_in_flight():
    profiles = [create_profile() for _ in range(6)]
    takes = [wav(f"{voice}-phrase1-take{take}.wav") for voice in ("awb", "slt", "rms") for take in (1, 2, 3, 4)]
    accepted, lock, killed = [], threading.Lock(), threading.Event()

    def one(index):
        profile = profiles[index % len(profiles)]
        path = api(f"/identificationProfiles/{profile}/enroll?shortAudio=true")
        for _ in range(10):  # 502/503/429 and dropped connections are retried, as a client would
            try:
                location, status = submit(path, takes[index % len(takes)])
            except OSError:
                location, status = None, 0
            if location:
                with lock:
                    accepted.append((profile, location))
                    if len(accepted) == 100 and not killed.is_set():
                        os.kill(PIDS[0], signal.SIGKILL)
                        killed.set()
                return
            time.sleep(0.5)

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(300)))
    assert killed.is_set(), "the instance was never killed"
    assert len(accepted) == 300, f"only {len(accepted)} of 300 enrollments were accepted"
    ended = {}
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        for (profile, location), answer in zip(accepted, pool.map(lambda item: poll(item[1], limit=180), accepted)):
            ended[location] = (profile, answer)
    failed = [answer for _, answer in ended.values() if answer["status"] != "succeeded"]
    assert not failed, f"{len(failed)} operations failed, first: {failed[0]}"
    # Every succeeded enrollment in the database, including any whose 202 was lost with the instance.
    sums = subprocess.run(
        ["psql", ENV["SPID_CLUSTER_POSTGRES_URL"].split("?")[0], "-Atc",
         "SELECT input_profiles, sum((result::json->>'speechTime')::float), count(*) FROM spid_operation "
         "WHERE kind = 'enrollment' AND status = 'succeeded' GROUP BY input_profiles"],
        check=True, capture_output=True, text=True).stdout
    expected = {line.split("|")[0]: (float(line.split("|")[1]), int(line.split("|")[2])) for line in sums.split()}
    for profile in profiles:
        status, _, body = request("GET", api(f"/identificationProfiles/{profile}"))
        assert status == 200, (status, body)
        have = json.loads(body)["enrollmentSpeechTime"]
        want, count = expected[profile]
        assert abs(have - want) <= 0.005 * count + 0.01, f"profile {profile}: {have} s of speech, its {count} enrollments add to {want} s"
    unfinished = subprocess.run(
        ["psql", ENV["SPID_CLUSTER_POSTGRES_URL"].split("?")[0], "-Atc",
         "SELECT count(*) FROM spid_operation WHERE status IN ('notstarted', 'running')"],
        check=True, capture_output=True, text=True).stdout.strip()
    assert unfinished == "0", f"{unfinished} operations never ended"


for name, body in [
    ("the Python sample's flow through nginx", python_sample_flow),
    ("an Operation-Location is answered by every instance", any_instance_answers_any_operation),
    ("PostgreSQL restarted: 503 with Retry-After, then back", postgres_restart_gives_503_not_a_hang),
    ("kill -9 of one instance with 300 enrollments in flight loses nothing", kill_one_instance_with_300_in_flight),
]:
    check(name, body)
sys.exit(1 if failures else 0)

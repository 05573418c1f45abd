"""The peer of `spid-bench monitor`: the same watch with Azure SDK's Python poller.

Starts N enrollments on a spid-server, each watched from its start with azure-core's LROPoller and
OperationResourcePolling (one poller per operation, as applications use it), and prints one JSON
line: client CPU seconds (the POSTs included), polls, wall time, peak RSS.
"""
import argparse
import json
import resource
import time
from concurrent.futures import ThreadPoolExecutor

from azure.core import PipelineClient
from azure.core.pipeline.policies import HeadersPolicy, RequestIdPolicy, SansIOHTTPPolicy
from azure.core.polling import LROPoller
from azure.core.polling.base_polling import LROBasePolling, OperationResourcePolling
from azure.core.rest import HttpRequest


class CountPolls(SansIOHTTPPolicy):
    polls = 0

    def on_request(self, request):
        if request.http_request.method == "GET":
            CountPolls.polls += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--operations", type=int, default=1000)
    parser.add_argument("--audio", required=True)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()
    key = open(args.key_file).read().strip()
    audio = open(args.audio, "rb").read()
    base = args.endpoint.rstrip("/") + "/spid/v1.0"
    client = PipelineClient(
        base, policies=[RequestIdPolicy(), HeadersPolicy({"Ocp-Apim-Subscription-Key": key}), CountPolls()])

    created = client.send_request(HttpRequest("POST", base + "/identificationProfiles", json={"locale": "en-us"}))
    profile = created.json()["identificationProfileId"]

    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    started = time.time()

    # Each operation gets its poller as soon as it is started, as an application does.
    def start(_):
        request = HttpRequest("POST", f"{base}/identificationProfiles/{profile}/enroll?shortAudio=true", content=audio)
        response = client.send_request(request, _return_pipeline_response=True)
        return LROPoller(client, response, lambda pipeline_response: pipeline_response.http_response.json(),
                         LROBasePolling(args.interval, lro_algorithms=[OperationResourcePolling()]))

    with ThreadPoolExecutor(max_workers=32) as pool:
        pollers = list(pool.map(start, range(args.operations)))
    failures = 0
    for poller in pollers:
        try:
            poller.result()
        except Exception:
            failures += 1
    wall = time.time() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    print(json.dumps({
        "client": "azure-core LROPoller (OperationResourcePolling)", "operations": args.operations, "failures": failures,
        "polls": CountPolls.polls, "cpuSeconds": cpu, "cpuPer1000Polls": cpu / max(CountPolls.polls, 1) * 1000,
        "wallSeconds": wall, "peakRSSBytes": usage.ru_maxrss * 1024,
    }, sort_keys=True))


if __name__ == "__main__":
    main()

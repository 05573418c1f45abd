"""The peer of `spid-bench watch`: the same watch with Azure SDK's Python poller.

Reads operation URLs from stdin as they are started (by `spid-bench start`) and watches each with
azure-core's LROPoller and OperationResourcePolling (one poller per operation, as applications use
it, resumed from a continuation token that carries the 202's Operation-Location). Writes `ready` to
stderr once set up, then one JSON line: client CPU seconds, polls, wall time, memory.
"""
import argparse
import json
import resource
import sys
import time
import uuid

from azure.core import PipelineClient
from azure.core.pipeline.policies import HeadersPolicy, RequestIdPolicy, SansIOHTTPPolicy
from azure.core.polling import LROPoller
from azure.core.polling._utils import _encode_continuation_token
from azure.core.polling.base_polling import LROBasePolling, OperationResourcePolling


class CountPolls(SansIOHTTPPolicy):
    polls = 0

    def on_request(self, request):
        if request.http_request.method == "GET":
            CountPolls.polls += 1


def resident_bytes():
    """VmRSS now, in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def token_for(location):
    """A continuation token for an operation whose 202 carried `location`."""
    return _encode_continuation_token({
        # azure-core reads the request id of the call that started the operation.
        "request": {"method": "POST", "url": location, "headers": {"x-ms-client-request-id": str(uuid.uuid4())}},
        "response": {"status_code": 202, "headers": {"Operation-Location": location}, "content": ""},
        "context": {"deserialized_data": None},
    })


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()
    key = open(args.key_file).read().strip()
    client = PipelineClient(
        args.endpoint, policies=[RequestIdPolicy(), HeadersPolicy({"Ocp-Apim-Subscription-Key": key}), CountPolls()])

    def deserialize(pipeline_response):
        return pipeline_response.http_response.json()

    baseline = resident_bytes()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    started = time.time()
    sys.stderr.write("ready\n")
    sys.stderr.flush()
    pollers = []
    for line in sys.stdin:
        location = line.strip()
        if not location:
            continue
        polling = LROBasePolling(args.interval, lro_algorithms=[OperationResourcePolling()])
        pollers.append(LROPoller.from_continuation_token(
            polling, token_for(location), client=client, deserialization_callback=deserialize))
    failures = 0
    for poller in pollers:
        try:
            poller.result()
        except Exception as error:
            failures += 1
            if failures == 1:
                sys.stderr.write(f"first failure: {error!r}\n")
    wall = time.time() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    print(json.dumps({
        "client": "azure-core LROPoller (OperationResourcePolling)", "operations": len(pollers), "failures": failures,
        "polls": CountPolls.polls, "cpuSeconds": cpu, "cpuPer1000Polls": cpu / max(CountPolls.polls, 1) * 1000,
        "wallSeconds": wall, "baselineRSSBytes": baseline, "peakRSSBytes": usage.ru_maxrss * 1024,
    }, sort_keys=True))


if __name__ == "__main__":
    main()

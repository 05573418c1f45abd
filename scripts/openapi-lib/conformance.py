"""Runs schemathesis over every operation of openapi.yaml against a fresh spid-server:
no 5xx, only documented status codes, every response matching its schema. Bounded: a fixed
number of examples per operation, a fixed seed and a time budget."""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource

import spid_server

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def call(base, key, method, path, body=None, content_type=None):
    request = urllib.request.Request(base + "/spid/v1.0" + path, data=body, method=method)
    request.add_header("Ocp-Apim-Subscription-Key", key)
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=60) as answer:
        return answer.status, dict(answer.headers), answer.read()


def audio(name):
    folder = os.environ.get("SPID_AUDIO_FIXTURES") or os.path.join(ROOT, ".build", "fixtures", "audio")
    with open(os.path.join(folder, name), "rb") as file:
        return file.read()


def operation_documents(base, key):
    """Real status documents in all four states, with both result shapes; and real ids to fuzz with."""
    create = lambda kind: json.loads(call(base, key, "POST", f"/{kind}", b'{"locale":"en-us"}', "application/json")[2])
    profile = create("identificationProfiles")["identificationProfileId"]
    verification = create("verificationProfiles")["verificationProfileId"]
    locations = []
    for path, clip in [(f"/identificationProfiles/{profile}/enroll?shortAudio=true", "awb-enroll.wav"),
                       (f"/identify?identificationProfileIds={profile}&shortAudio=true", "awb-test1.wav"),
                       (f"/identificationProfiles/{profile}/enroll?shortAudio=true", "silence-6s.wav")]:
        status, headers, _ = call(base, key, "POST", path, audio(clip), "application/octet-stream")
        assert status == 202, (path, status)
        locations.append(headers["Operation-Location"].rsplit("/", 1)[-1])
        documents = [json.loads(call(base, key, "GET", f"/operations/{locations[-1]}")[2])]
        for _ in range(600):
            if documents[-1]["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.05)
            documents.append(json.loads(call(base, key, "GET", f"/operations/{locations[-1]}")[2]))
        yield from documents
    return profile, verification, locations[0]


def check_documents(spec_path, documents):
    spec = yaml.safe_load(open(spec_path, encoding="utf-8"))
    registry = Registry().with_resource("urn:spec", Resource.opaque(spec))
    schema = {"$ref": "urn:spec#/components/schemas/OperationStatus"}
    validator = OAS31Validator(schema, registry=registry)
    seen = set()
    for document in documents:
        errors = list(validator.iter_errors(document))
        if errors:
            sys.exit(f"operation document {document} does not match OperationStatus: {errors[0].message}")
        result = document.get("processingResult", {})
        seen.add(document["status"] + ("/enrollment" if "speechTime" in result else "/identification" if result else ""))
    for needed in ("succeeded/enrollment", "succeeded/identification", "failed"):
        if needed not in seen:
            sys.exit(f"no {needed} operation document was seen (saw {sorted(seen)})")
    print(f"operation documents: {len(documents)} real ones match OperationStatus ({', '.join(sorted(seen))})")


def main(spec, schemathesis):
    # Negative examples leave the key out on purpose: without --max-failed-keys 0 the address
    # would be held off (429) after 30 of them and the rest of the run would test nothing.
    with spid_server.running(spid_server.binary(), "--max-failed-keys", "0") as (base, key):
        # The served documents are the built-in ones: the same text as the file checked here.
        for name in ("openapi.yaml", "openapi.json"):
            with urllib.request.urlopen(f"{base}/{name}", timeout=10) as answer:
                served = answer.read()
            with open(spec.replace("openapi.yaml", name), "rb") as source:
                if served != source.read():
                    sys.exit(f"spid-server serves a different /{name} than the repository's: rebuild spid-server")
        seeding = operation_documents(base, key)
        documents = []
        while True:
            try:
                documents.append(next(seeding))
            except StopIteration as done:
                profile, verification, operation = done.value
                break
        check_documents(spec, documents)
        # Real ids for part of the run, so requests reach the service's logic beyond 404s.
        config = tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False)
        config.write(f'''[parameters]
"path.identificationProfileId" = "{profile}"
"path.verificationProfileId" = "{verification}"
"query.verificationProfileId" = "{verification}"
"path.operationId" = "{operation}"
''')
        config.close()
        command = [
            schemathesis, "--config-file", config.name, "run", spec, "--url", f"{base}/spid/v1.0",
            "--header", f"Ocp-Apim-Subscription-Key: {key}",
            "--checks", "not_a_server_error,status_code_conformance,response_schema_conformance,"
                        "content_type_conformance,response_headers_conformance",
            "--phases", "examples,coverage,fuzzing",
            "--mode", "all", "--max-examples", "8", "--seed", "20250930", "--max-time", "90",
            "--request-timeout", "30", "--suppress-health-check", "all", "--no-color",
        ]
        result = subprocess.run(command, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        sys.exit(f"schemathesis found responses that do not conform to {spec} (exit {result.returncode})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Loads Examples/Browser/operation-status.html from another origin in headless Chromium and reads
its alert: "success" against a default spid-server, a failure against --cors-origin none."""

import functools
import http.server
import json
import os
import sys
import threading
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

import spid_server

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def start_enrollment(base, key):
    """An Operation-Location from a real 202 (a shortAudio enrollment)."""
    def call(method, path, body=None, content_type=None):
        request = urllib.request.Request(base + "/spid/v1.0" + path, data=body, method=method)
        request.add_header("Ocp-Apim-Subscription-Key", key)
        if content_type:
            request.add_header("Content-Type", content_type)
        return urllib.request.urlopen(request, timeout=30)

    profile = json.load(call("POST", "/identificationProfiles", b'{"locale":"en-us"}', "application/json"))
    audio_dir = os.environ.get("SPID_AUDIO_FIXTURES") or os.path.join(ROOT, ".build", "fixtures", "audio")
    with open(os.path.join(audio_dir, "awb-test1.wav"), "rb") as audio:
        answer = call("POST", f"/identificationProfiles/{profile['identificationProfileId']}/enroll?shortAudio=true",
                      audio.read(), "application/octet-stream")
    location = answer.headers["Operation-Location"]
    return location.rsplit("/", 1)[-1]


def page_server():
    """A static server of Examples/Browser on 127.0.0.1 and a free port: the page's own origin."""
    handler = functools.partial(QuietHandler, directory=os.path.join(ROOT, "Examples", "Browser"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


def browser(logging=False):
    options = webdriver.ChromeOptions()
    if logging:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.binary_location = os.environ.get("SPID_CHROMIUM", "/usr/bin/chromium")
    # --no-sandbox: Chromium's sandbox cannot start as root in a container.
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    service = Service(os.environ.get("SPID_CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def alert_text(driver, url):
    driver.get(url)
    try:
        WebDriverWait(driver, 20).until(expected_conditions.alert_is_present())
    except TimeoutException:
        return None
    alert = driver.switch_to.alert
    text = alert.text
    alert.accept()
    return text


def run_case(driver, page_origin, server_arguments, expect_success):
    with spid_server.running(spid_server.binary(), *server_arguments) as (base, key):
        operation = start_enrollment(base, key)
        query = urllib.parse.urlencode({"server": base, "key": key, "operation": operation})
        text = alert_text(driver, f"{page_origin}/operation-status.html?{query}")
    label = " ".join(server_arguments) or "default"
    if expect_success and text != "success":
        raise SystemExit(f"browser sample, spid-server {label}: expected alert 'success', got {text!r}")
    if not expect_success and (text is None or text == "success"):
        raise SystemExit(f"browser sample, spid-server {label}: expected a failure alert, got {text!r}")
    print(f"browser sample, spid-server {label}: alert {text!r} (as expected)")


def main():
    pages = page_server()
    page_origin = f"http://127.0.0.1:{pages.server_address[1]}"
    driver = browser()
    try:
        run_case(driver, page_origin, [], expect_success=True)
        run_case(driver, page_origin, ["--cors-origin", page_origin], expect_success=True)
        run_case(driver, page_origin, ["--cors-origin", "http://elsewhere.example:9"], expect_success=False)
        run_case(driver, page_origin, ["--cors-origin", "none"], expect_success=False)
    finally:
        driver.quit()
        pages.shutdown()


if __name__ == "__main__":
    sys.exit(main())

"""Drives spid-server's API testing console (/console) in headless Chromium: creates an
identification profile, enrolls a WAV with shortAudio=true and watches the operation succeed,
identifies against the profile, then checks a wrong key (401 and the service's message), a
non-WAV upload, an unreachable endpoint, hostile text in an answer (shown, never run) and a 429
with Retry-After. Shows the identification as code (Code, POST /console/samples), checks that
the key is not in it, and runs the Python sample against the server.
Saves screenshots to .build/console/console.png and console-code.png."""

import json
import os
import subprocess
import sys
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import spid_server
from browser_sample import ROOT, browser

WAIT = 30  # seconds for any one step
FAILED_KEYS = 6  # wrong keys per minute before the server answers 429
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def check(condition, message):
    if not condition:
        raise SystemExit(f"console: {message}")


class Console:
    def __init__(self, driver):
        self.driver = driver

    def element(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def text(self, element_id):
        return self.element(element_id).text

    def until(self, what, condition, timeout=WAIT):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda _: condition())
        except Exception:
            raise SystemExit(f"console: timed out waiting for {what}; status {self.text('response-status')!r}, "
                             f"error {self.text('response-error')!r}, watch {self.text('watch-state')!r}")

    def fill(self, element_id, value):
        field = self.element(element_id)
        field.clear()
        field.send_keys(value)

    def open(self, operation):
        self.driver.find_element(By.CSS_SELECTOR, f'nav button[data-operation="{operation}"]').click()
        self.until(f"the form of {operation}", lambda: self.element("operation-form").is_displayed())

    def send(self):
        """Clicks Send and waits for a status (a number, or 'no answer')."""
        self.driver.execute_script("document.getElementById('response-status').textContent = ''")
        self.element("send").click()
        self.until("an answer", lambda: self.text("response-status") not in ("", "sending…"))
        return self.text("response-status")

    def body(self):
        return json.loads(self.element("response-body").get_attribute("textContent"))

    def watch(self):
        """Waits for the watched operation to end; returns its final state."""
        self.until("the operation to end", lambda: self.text("watch-state") in ("succeeded", "failed", "error", "gave up", "unreachable"))
        return self.text("watch-state")


def errors_in(log, allow_network=False):
    """SEVERE browser-log entries; with allow_network, the failed-resource lines Chrome logs for
    every 4xx and unreachable fetch are expected and skipped."""
    severe = [entry["message"] for entry in log if entry["level"] == "SEVERE"]
    if allow_network:
        severe = [m for m in severe if "Failed to load resource" not in m and "net::ERR_" not in m]
    return severe


def main():
    audio = os.environ.get("SPID_AUDIO_FIXTURES") or os.path.join(ROOT, ".build", "fixtures", "audio")
    shot_dir = os.path.join(ROOT, ".build", "console")
    os.makedirs(shot_dir, exist_ok=True)
    started = time.monotonic()
    driver = browser(logging=True)
    driver.set_window_size(1280, 1300)
    try:
        with spid_server.running(spid_server.binary(), "--max-failed-keys", str(FAILED_KEYS)) as (base, key):
            page = Console(driver)
            driver.get(base + "/console")
            page.until("the forms from /openapi.json", lambda: driver.execute_script("return document.body.dataset.ready") == "true")
            check(page.element("endpoint").get_attribute("value") == base + "/spid/v1.0", "the default endpoint is the server's own")
            check(len(driver.find_elements(By.CSS_SELECTOR, "nav button[data-operation]")) == 16, "one form per operation (16)")
            page.fill("key", key)

            # Create a profile: the JSON body is prefilled from the spec's example.
            page.open("createIdentificationProfile")
            check('"locale": "en-us"' in page.element("body-json").get_attribute("value"), "the body is the spec's example")
            check(page.send().startswith("200"), "create profile answers 200")
            profile = page.body()["identificationProfileId"]

            # Enroll a WAV with shortAudio=true and watch the operation.
            page.open("enrollIdentificationProfile")
            page.fill("parameter-path-identificationProfileId", profile)
            Select(page.element("parameter-query-shortAudio")).select_by_value("true")
            page.element("audio-file").send_keys(os.path.join(audio, "awb-enroll.wav"))
            check(page.send().startswith("202"), "enroll answers 202")
            check("/operations/" in page.text("watch-location"), "the Operation-Location is shown")
            check(page.watch() == "succeeded", f"enrollment succeeded, not {page.text('watch-error')!r}")
            steps = page.text("watch-log")
            check("succeeded" in steps, f"the states are shown as they happen: {steps!r}")
            result = page.text("watch-result")
            check("Enrolled" in result or "Enrolling" in result, f"the enrollment status is shown: {result!r}")

            # Identify against that profile.
            page.open("identify")
            page.fill("parameter-query-identificationProfileIds", profile)
            Select(page.element("parameter-query-shortAudio")).select_by_value("true")
            page.element("audio-file").send_keys(os.path.join(audio, "awb-test1.wav"))
            check(page.send().startswith("202"), "identify answers 202")
            check(page.watch() == "succeeded", f"identification succeeded, not {page.text('watch-error')!r}")
            identified = driver.find_element(By.CSS_SELECTOR, '#watch-result dd[data-field="identifiedProfileId"]').text
            check(identified == profile, f"the identified profile is shown: {identified!r}, expected {profile}")
            driver.save_screenshot(os.path.join(shot_dir, "console.png"))

            # The same request as code: ten languages, the key left out, and the Python one runs.
            page.element("show-code").click()
            page.until("the code", lambda: page.element("code-text").get_attribute("textContent") != ""
                       or page.element("code-error").is_displayed())
            check(not page.element("code-error").is_displayed(), f"the code is shown: {page.text('code-error')!r}")
            languages = [option.get_attribute("value") for option in Select(page.element("code-language")).options]
            check(len(languages) == 10 and "python" in languages and "repl" in languages, f"ten languages: {languages}")
            Select(page.element("code-language")).select_by_value("python")
            code = page.element("code-text").get_attribute("textContent")
            check(f"/spid/v1.0/identify?identificationProfileIds={profile}&shortAudio=true" in code, f"the request is in the code: {code!r}")
            check('"awb-test1.wav"' in code, "the chosen file's name is in the code")
            check(key not in code, "the key is not in the code")
            driver.save_screenshot(os.path.join(shot_dir, "console-code.png"))
            sample = os.path.join(shot_dir, "sample.py")
            with open(sample, "w") as handle:
                handle.write(code)
            ran = subprocess.run([sys.executable, sample], cwd=audio, env={**os.environ, "SPID_KEY": key},
                                 capture_output=True, text=True, timeout=60)
            check(ran.returncode == 0 and ran.stdout.startswith("202 "), f"the Python sample runs: {ran.stdout!r} {ran.stderr!r}")
            check("Operation-Location: " + base + "/spid/v1.0/operations/" in ran.stdout, f"and shows where to watch: {ran.stdout!r}")

            severe = errors_in(driver.get_log("browser"))
            check(not severe, f"no errors in the browser console: {severe}")

            # A wrong key: 401 and the service's own message.
            expected = service_message(base + "/spid/v1.0/identificationProfiles", "wrong-key")
            page.fill("key", "wrong-key")
            page.open("listIdentificationProfiles")
            check(page.send().startswith("401"), "a wrong key answers 401")
            check(expected in page.text("response-error"), f"the service's message is shown: {page.text('response-error')!r}")
            page.fill("key", key)

            # A file that is not a WAV: the page says so, and shows the service's refusal.
            not_wave = os.path.join(shot_dir, "not-a-wave.txt")
            with open(not_wave, "w") as handle:
                handle.write("this is not audio\n")
            page.open("enrollIdentificationProfile")
            page.element("audio-file").send_keys(not_wave)
            page.until("the not-a-WAV note", lambda: page.element("audio-note").is_displayed())
            status = page.send()
            check(status.startswith("400"), f"a non-WAV upload answers 400, not {status!r}")
            check(page.text("response-error").strip() != "", "the service's code and message are shown")

            # Hostile text echoed by the service (the locale of a create) is shown, never run.
            page.open("createIdentificationProfile")
            page.fill("body-json", json.dumps({"locale": HOSTILE}))
            check(page.send().startswith("400"), "an unsupported locale answers 400")
            check(HOSTILE in page.text("response-error"), f"the hostile message is shown as text: {page.text('response-error')!r}")
            check(not driver.find_elements(By.CSS_SELECTOR, "main img, main script"), "no element was made from the answer")
            check(driver.execute_script("return window.__pwned") is None, "nothing in the answer ran")

            # An endpoint that does not answer: the page says what failed and stays usable.
            page.fill("endpoint", "http://127.0.0.1:9/spid/v1.0")
            page.open("listIdentificationProfiles")
            check(page.send() == "no answer", "an unreachable endpoint gives no answer")
            check("Could not reach http://127.0.0.1:9/spid/v1.0/identificationProfiles" in page.text("response-error"),
                  f"what failed is said: {page.text('response-error')!r}")
            page.fill("endpoint", base + "/spid/v1.0")
            check(page.send().startswith("200"), "the page stays usable")

            # Too many wrong keys from this address: 429 with Retry-After, and the service's message.
            for _ in range(FAILED_KEYS):
                try:
                    service_message(base + "/spid/v1.0/identificationProfiles", "wrong-key")
                except SystemExit:
                    pass
            page.fill("key", "wrong-key")
            status = page.send()
            check(status.startswith("429"), f"too many wrong keys answer 429, not {status!r}")
            check(page.text("response-error").strip() != "", "the service's code and message are shown")
            headers = page.element("response-headers").get_attribute("textContent")
            check("Retry-After" in headers or "retry-after" in headers, f"Retry-After is shown: {headers!r}")
            page.fill("key", key)

            severe = errors_in(driver.get_log("browser"), allow_network=True)
            check(not severe, f"no errors but the expected failed requests in the browser console: {severe}")
            check(key not in driver.current_url, "the key is never in the URL")
    finally:
        driver.quit()
    print(f"console: profile, enrollment watched to succeeded, identification, its code (Python run), 401, non-WAV, "
          f"hostile text, unreachable endpoint, 429: all as expected in {time.monotonic() - started:.1f} s")


def service_message(url, key):
    request = urllib.request.Request(url, headers={"Ocp-Apim-Subscription-Key": key})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        return json.load(error)["error"]["message"]
    raise SystemExit("console: a wrong key was accepted")


if __name__ == "__main__":
    sys.exit(main())

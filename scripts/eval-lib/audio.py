"""What both of scripts/eval's corpora share: running sox and the three test conditions."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

CONDITIONS = ("clean", "telephone", "reverb")
# Telephone-band tests against enrollments made through the same telephone condition (a telephone-only deployment).
MATCHED_TELEPHONE = "telephone-enrolled"
CONDITION_LABELS = {"clean": "clean", "telephone": "telephone band + noise (15 dB SNR)", "reverb": "reverberation",
                    MATCHED_TELEPHONE: "telephone band + noise, enrolled through it too"}
# Every WAV of both corpora: 16 kHz, mono, 16-bit, peaks at -3 dBFS.
WAV_FORMAT = ["-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer"]


def say(text):
    print(text, file=sys.stderr, flush=True)


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, **kwargs)


def duration(path):
    return float(run(["soxi", "-D", path], text=True).stdout.strip())


def normalise(sources, path, seconds=None):
    """Joins `sources` into one 16 kHz mono WAV peaking at -3 dBFS, cut to `seconds` when given."""
    trim = ["trim", "0", str(seconds)] if seconds else []
    run(["sox", "-q", *sources, *WAV_FORMAT, path, *trim, "norm", "-3"])


def degrade(clean, condition, path, work):
    if condition == "telephone":
        noise = os.path.join(work, "noise.wav")
        length = run(["soxi", "-D", clean], text=True).stdout.strip()
        band = os.path.join(work, "band.wav")
        run(["sox", "-q", clean, band, "sinc", "300-3400"])
        level = float(run(["sox", band, "-n", "stats"], text=True).stderr.split("RMS lev dB")[1].split()[0])
        # Full-scale white noise has an RMS of -4.77 dBFS; scale it to 15 dB under the speech.
        factor = 10 ** ((level - 15 + 4.77) / 20)
        run(["sox", "-R", "-q", "-n", "-r", "16000", "-c", "1", "-b", "16", noise, "synth", length, "whitenoise", "vol", f"{factor:.6f}"])
        run(["sox", "-q", "-m", band, noise, "-b", "16", path])
    elif condition == "reverb":
        run(["sox", "-q", clean, path, "reverb", "60", "50", "80", "gain", "-n", "-3"])
    else:
        shutil.copy(clean, path)


def telephone_enrollment(clean):
    """The clean enrollment `clean` through the tests' telephone condition (STEM-telephone-enroll.wav beside it), made once."""
    path = clean[:-len(".wav")] + "-telephone-enroll.wav"
    if not os.path.exists(path):
        work = tempfile.mkdtemp()
        try:
            degrade(clean, "telephone", os.path.join(work, "enroll.wav"), work)
            shutil.move(os.path.join(work, "enroll.wav"), path)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return path


def conditioned(clean, stem, work):
    """The clean test clip and its degraded copies (STEM-CONDITION.wav): {condition: path}."""
    paths = {}
    for condition in CONDITIONS:
        paths[condition] = clean if condition == "clean" else f"{stem}-{condition}.wav"
        if condition != "clean":
            degrade(clean, condition, paths[condition], work)
    return paths


def cached_corpus(directory, recipe):
    """(index, recipe hash): the corpus index in `directory` when this recipe made it; else None, with the
    folder emptied for a new corpus."""
    digest = hashlib.sha256(json.dumps(recipe).encode()).hexdigest()[:16]
    path = os.path.join(directory, "index.json")
    if os.path.exists(path):
        index = json.load(open(path))
        if index.get("recipe") == digest:
            return index, digest
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    return None, digest

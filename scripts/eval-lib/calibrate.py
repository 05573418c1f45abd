#!/usr/bin/env python3
"""Refits the d-vector engine's thresholds (DVectorEngine.normalisedCalibration and cosineCalibration) and its
narrow-band offsets (narrowBandOffset, narrowBandCosineOffset) on the Czech cast of scripts/eval's real-speech corpus,
as the engine scores: multi-condition cosines, S-norm against the built-in cohort and the other candidates, the
candidate picked by the best raw cosine, narrow-band tests (by the span their test voiceprint records) raised by the
offset.

Usage: calibrate.py --bench SPID_BENCH --corpus REAL_CORPUS_DIR --cohort DVectorCohortData.swift
  (scripts/eval makes the corpus in .build/eval/real-corpus and spid-bench in the release build folder.)

The fit: every Czech test clip (clean, telephone band + noise, reverberation pooled) against every leave-one-out
set of 10 enrolled profiles. The offset is the acceptance that lets ACCEPTED of the strangers' full-band tests through
less the one for their narrow-band tests; narrow-band scores are raised by it before the rest is fitted. The matched
offset (matchedNarrowBandOffset) is fitted the same way on the telephone-band tests against telephone-band enrollments
(the Czech enrollments put through the tests' telephone condition, beside them): the acceptance less
the score that lets ACCEPTED of the strangers through. acceptance lets
ACCEPTED of the Czech strangers' best scores through, Normal NORMAL,
High HIGH; the slope is the logistic regression of "the best candidate is the speaker" on (best score - acceptance).
Czech characters heard only as strangers whose clean clips score, on average, within SAME_ACTOR_MARGIN of the lowest
own-take average of an enrolled character against one enrolled character are taken to be the same actor and left out
of the fit (they stay in scripts/eval's figures). Nothing of the Dutch cast or the TTS voices is used.
"""
import argparse
import base64
import json
import os
import subprocess
import sys

import numpy as np

from audio import telephone_enrollment

ENROLLED = 10
ACCEPTED, NORMAL, HIGH = 0.02, 0.005, 0.001
SAME_ACTOR_MARGIN = 0.05
WIDTH = 256
MINIMUM_DEVIATION = 0.01
# HighBandActivity.narrowBandSpan: tests whose power above the telephone band spans less (dB) are narrow-band.
NARROW_BAND_SPAN = 6.0


def unit(vector):
    norm = np.linalg.norm(vector)
    return vector / norm if norm > 0 else vector


def model(vector):
    """(clean, telephone band) of a 512-float voiceprint row."""
    return unit(np.array(vector[:WIDTH])), unit(np.array(vector[WIDTH:2 * WIDTH]))


def cohort(path):
    text = open(path).read()
    encoded = "".join(line.strip() for line in text.split('static let vectors = """')[1].split('"""')[0].splitlines())
    rows = np.frombuffer(base64.b64decode(encoded), dtype="<f4").reshape(-1, 2 * WIDTH)
    return [model(row) for row in rows]


def similarity_to_test(m, test):
    return max(float(m[0] @ test), float(m[1] @ test))


def similarity_to_model(a, b):
    return max(float(a[0] @ b[0]), float(a[1] @ b[1]))


def statistics(scores):
    scores = np.array(scores)
    return scores.mean(), max(scores.std(), MINIMUM_DEVIATION)


def scores(test, candidates, background):
    """(raw, normalised) as DVectorScorer computes them."""
    raw = [similarity_to_test(m, test) for m in candidates]
    test_background = [similarity_to_test(c, test) for c in background]
    normalised = []
    for index, m in enumerate(candidates):
        others = [j for j in range(len(candidates)) if j != index]
        (tm, ts) = statistics(test_background + [raw[j] for j in others])
        (mm, ms) = statistics([similarity_to_model(m, c) for c in background] + [similarity_to_model(m, candidates[j]) for j in others])
        normalised.append(((raw[index] - tm) / ts + (raw[index] - mm) / ms) / 2)
    best = int(np.argmax(raw))
    normalised = [value if j == best else min(value, normalised[best] - 1e-6) for j, value in enumerate(normalised)]
    return np.array(raw), np.array(normalised)


def stranger_quantile(trials, share):
    """The score that lets `share` of the strangers' best scores in [(score, right, narrow)] through."""
    strangers = np.sort([score for score, right, _ in trials if right is None])
    return float(strangers[min(len(strangers) - 1, int(np.ceil(len(strangers) * (1 - share))))]) + 1e-6


def fit(trials):
    """Offset, thresholds and slope from [(best score, is the speaker or None for a stranger, narrow band)]."""
    offset = stranger_quantile([t for t in trials if not t[2]], ACCEPTED) - stranger_quantile([t for t in trials if t[2]], ACCEPTED)
    trials = [(score + offset if narrow else score, right, narrow) for score, right, narrow in trials]
    quantile = lambda share: stranger_quantile(trials, share)
    acceptance = quantile(ACCEPTED)
    x = np.array([score - acceptance for score, _, _ in trials])
    y = np.array([1.0 if right else 0.0 for _, right, _ in trials])
    best = None
    for slope in np.exp(np.linspace(np.log(0.2), np.log(400), 800)):
        p = np.clip(1 / (1 + np.exp(np.clip(-slope * x, -50, 50))), 1e-9, 1 - 1e-9)
        loss = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
        if best is None or loss < best[0]:
            best = (loss, slope)
    return {"acceptance": acceptance, "normal": quantile(NORMAL), "high": quantile(HIGH), "slope": best[1], "narrowBandOffset": offset}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--cohort", required=True)
    args = parser.parse_args()
    index = json.load(open(os.path.join(args.corpus, "index.json")))
    speakers = {name: s for name, s in index["speakers"].items() if name.startswith("cs-")}
    telephone_enrollments = {name: telephone_enrollment(s["enroll"]) for name, s in speakers.items() if not s["impostorOnly"]}
    enrollments = [s["enroll"] for s in speakers.values() if not s["impostorOnly"]] + list(telephone_enrollments.values())
    test_files = [path for s in speakers.values() for paths in s["tests"].values() for path in paths]
    request = json.dumps({"profiles": {path: [path] for path in enrollments}, "tests": test_files, "splits": [[]], "voiceprints": True})
    out = subprocess.run([args.bench, "score", "--engine", "dvector"], input=request, capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    prints, test_prints = report["voiceprints"], report["testVoiceprints"]
    enrolled = {name: model(prints[s["enroll"]]) for name, s in speakers.items() if not s["impostorOnly"]}
    tests = {name: {c: [unit(np.array(test_prints[p][:WIDTH])) for p in paths if p in test_prints] for c, paths in s["tests"].items()}
             for name, s in speakers.items()}
    narrow = {name: {c: [0 <= test_prints[p][WIDTH] < NARROW_BAND_SPAN for p in paths if p in test_prints]
                     for c, paths in s["tests"].items()} for name, s in speakers.items()}
    own = min(np.mean([similarity_to_test(enrolled[name], t) for t in tests[name]["clean"]]) for name in enrolled)
    same_actor = sorted(name for name, s in speakers.items() if s["impostorOnly"] and max(
        np.mean([similarity_to_test(m, t) for t in tests[name]["clean"]]) for m in enrolled.values()) >= own - SAME_ACTOR_MARGIN)
    print(f"left out as probably an enrolled actor ({own - SAME_ACTOR_MARGIN:.3f} and up): {', '.join(same_actor)}", file=sys.stderr)
    background = cohort(args.cohort)
    names = sorted(enrolled)
    full = trials(enrolled, tests, narrow, same_actor, background)
    normalised = fit([(best, right, is_narrow) for best, _, right, is_narrow in full])
    # Telephone-band tests against telephone-band enrollments (each a narrow-band model: its d-vector in both halves).
    narrow_models = {name: model(prints[path]) for name, path in telephone_enrollments.items()}
    matched = [trial for trial in trials(narrow_models, tests, narrow, same_actor, background, ["telephone"]) if trial[3]]
    normalised["matchedNarrowBandOffset"] = normalised["acceptance"] - stranger_quantile(
        [(best, right, is_narrow) for best, _, right, is_narrow in matched], ACCEPTED)
    print(json.dumps({"normalisedCalibration": normalised, "cosineCalibration": fit([(raw, right, is_narrow) for _, raw, right, is_narrow in full]),
                      "leftOut": same_actor, "trials": len(full), "matchedTrials": len(matched)}, indent=1))


def trials(enrolled, tests, narrow, same_actor, background, conditions=None):
    """[(best normalised score, best raw cosine, right or None for a stranger, narrow band)] of every test (of `conditions`)
    but the same actors' against every leave-one-out set of the `enrolled` models."""
    names = sorted(enrolled)
    out = []
    for left_out in names:
        split = [name for name in names if name != left_out]
        candidates = [enrolled[name] for name in split]
        for name in tests:
            if name in same_actor:
                continue
            for condition in conditions or tests[name]:
                for test, is_narrow in zip(tests[name][condition], narrow[name][condition]):
                    raw, normalised = scores(test, candidates, background)
                    right = None if name not in split else int(np.argmax(raw)) == split.index(name)
                    out.append((float(normalised.max()), float(raw.max()), right, is_narrow))
    return out


if __name__ == "__main__":
    main()

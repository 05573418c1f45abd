#!/usr/bin/env python3
"""Refits the d-vector engine's thresholds (DVectorEngine.normalisedCalibration and cosineCalibration) on the Czech
cast of scripts/eval's real-speech corpus, as the engine scores: multi-condition cosines, S-norm against the built-in
cohort and the other candidates, the candidate picked by the best raw cosine.

Usage: calibrate.py --bench SPID_BENCH --corpus REAL_CORPUS_DIR --cohort DVectorCohortData.swift
  (scripts/eval makes the corpus in .build/eval/real-corpus and spid-bench in the release build folder.)

The fit: every Czech test clip (clean, telephone band + noise, reverberation pooled) against every leave-one-out
set of 10 enrolled profiles. acceptance lets ACCEPTED of the Czech strangers' best scores through, Normal NORMAL,
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

ENROLLED = 10
ACCEPTED, NORMAL, HIGH = 0.02, 0.005, 0.001
SAME_ACTOR_MARGIN = 0.05
WIDTH = 256
MINIMUM_DEVIATION = 0.01


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


def fit(trials):
    """Thresholds and slope from [(best score, is the speaker or None for a stranger)]."""
    strangers = np.sort([score for score, right in trials if right is None])
    quantile = lambda share: float(strangers[min(len(strangers) - 1, int(np.ceil(len(strangers) * (1 - share))))]) + 1e-6
    acceptance = quantile(ACCEPTED)
    x = np.array([score - acceptance for score, _ in trials])
    y = np.array([1.0 if right else 0.0 for _, right in trials])
    best = None
    for slope in np.exp(np.linspace(np.log(0.2), np.log(400), 800)):
        p = np.clip(1 / (1 + np.exp(np.clip(-slope * x, -50, 50))), 1e-9, 1 - 1e-9)
        loss = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
        if best is None or loss < best[0]:
            best = (loss, slope)
    return {"acceptance": acceptance, "normal": quantile(NORMAL), "high": quantile(HIGH), "slope": best[1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--cohort", required=True)
    args = parser.parse_args()
    index = json.load(open(os.path.join(args.corpus, "index.json")))
    speakers = {name: s for name, s in index["speakers"].items() if name.startswith("cs-")}
    files = [s["enroll"] for s in speakers.values() if not s["impostorOnly"]]
    files += [path for s in speakers.values() for paths in s["tests"].values() for path in paths]
    request = json.dumps({"profiles": {}, "tests": files, "splits": [[]], "voiceprints": True})
    out = subprocess.run([args.bench, "score", "--engine", "dvector"], input=request, capture_output=True, text=True, check=True)
    prints = json.loads(out.stdout)["voiceprints"]
    enrolled = {name: model(prints[s["enroll"]]) for name, s in speakers.items() if not s["impostorOnly"]}
    tests = {name: {c: [unit(np.array(prints[p][:WIDTH])) for p in paths if p in prints] for c, paths in s["tests"].items()}
             for name, s in speakers.items()}
    own = min(np.mean([similarity_to_test(enrolled[name], t) for t in tests[name]["clean"]]) for name in enrolled)
    same_actor = sorted(name for name, s in speakers.items() if s["impostorOnly"] and max(
        np.mean([similarity_to_test(m, t) for t in tests[name]["clean"]]) for m in enrolled.values()) >= own - SAME_ACTOR_MARGIN)
    print(f"left out as probably an enrolled actor ({own - SAME_ACTOR_MARGIN:.3f} and up): {', '.join(same_actor)}", file=sys.stderr)
    background = cohort(args.cohort)
    names = sorted(enrolled)
    normalised_trials, raw_trials = [], []
    for left_out in names:
        split = [name for name in names if name != left_out]
        candidates = [enrolled[name] for name in split]
        for name in tests:
            if name in same_actor:
                continue
            for clips in tests[name].values():
                for test in clips:
                    raw, normalised = scores(test, candidates, background)
                    right = None if name not in split else int(np.argmax(raw)) == split.index(name)
                    normalised_trials.append((float(normalised.max()), right))
                    raw_trials.append((float(raw.max()), right))
    print(json.dumps({"normalisedCalibration": fit(normalised_trials), "cosineCalibration": fit(raw_trials),
                      "leftOut": same_actor, "trials": len(normalised_trials)}, indent=1))


if __name__ == "__main__":
    main()

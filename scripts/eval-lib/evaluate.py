#!/usr/bin/env python3
"""scripts/eval's runner: makes the TTS corpus and the real-speech corpus (fillets.py), scores each
with each engine (spid-bench score), and reports closed-set accuracy at 10 enrolled profiles, EER and
open-set false accepts.

Usage: evaluate.py --bench SPID_BENCH --corpus DIR --out DIR [--real-corpus DIR] [--packages DIR]
                   [--splits N] [--clips N] [--seed N]
"""
import argparse
import collections
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
import tempfile
import time

import fillets
from audio import (CONDITION_LABELS, CONDITIONS, MATCHED_TELEPHONE, cached_corpus, conditioned, normalise, run, say,
                   telephone_enrollment)

ENROLLED = 10
# Engines that can be evaluated: name -> spid-bench score options. dvector-before is the d-vector engine as it was before
# score normalisation and multi-condition voiceprints (raw cosine, thresholds fitted on TTS voices), for before/after rows.
ENGINES = {"classical": ["--engine", "classical"], "dvector": ["--engine", "dvector"],
           "dvector-before": ["--engine", "dvector", "--raw-cosine"]}
# Splits of the enrollable speakers into 10 enrolled: every one when there are at most this many, else --splits random ones.
EXHAUSTIVE_SPLITS = 64
# Bump when the way the corpus is made changes (the corpus is rebuilt when this or its texts change).
CORPUS_VERSION = 1
TTS_DESCRIPTION = "TTS voices"

# Written for this project. The enrollment text and the test sentences share no sentence.
ENROLL_TEXT = (
    "The harbour wakes before the town does. Fishing boats slide out past the breakwater while the gulls argue over the "
    "night's leftovers. By seven the bakery on the corner has its shutters up, and the smell of warm bread drifts down "
    "towards the water. Old men gather on the bench by the lighthouse to read the weather in the clouds, and they are "
    "right more often than the radio. In the afternoon the tide turns, the wind picks up from the west, and the small "
    "boats come home one by one, low in the water, their decks shining with the day's catch. Children run along the quay "
    "counting them, and nobody goes home until the last one is tied up safely for the night.")
TEST_SENTENCES = [
    "Seven bright kites climbed above the meadow while the farmer mended his fence.",
    "Please remember to water the tomatoes on Thursday and lock the garden gate.",
    "The library closes early on Sundays, so return the atlas before noon.",
    "A thin layer of frost covered the windscreen, and the engine would not start.",
    "Her grandfather kept bees behind the orchard and sold the honey at the market.",
    "The night train to the coast was late again because of leaves on the line.",
    "We painted the kitchen yellow, but the colour looked green by candlelight.",
    "The museum guide spoke quietly about the ships that sailed from this river.",
    "Four cups of flour, two eggs and a pinch of salt make a simple dough.",
    "The mountain path was steep, yet the view from the top was worth every step.",
    "Somebody left a red umbrella on the bus, and nobody has asked for it since.",
    "The orchestra tuned their instruments while the hall slowly filled with people.",
    "Our neighbour repairs old radios in his garage and whistles while he works.",
    "The children built a snowman with a carrot nose and two pebbles for eyes.",
    "A strong coffee and a quiet room are all I need to finish this report.",
    "The ferry crossed the bay in twenty minutes, rocking gently on the swell.",
]
ESPEAK_IMPOSTORS = ["en-us+m1", "en-us+m2", "en-us+m3", "en-us+m4", "en-us+f1", "en-us+f2", "en-us+f3", "en-us+f4"]
FLITE_VOICES = ["awb", "rms", "slt", "kal"]
# festival voices that repeat a person another voice already has.
FESTIVAL_DUPLICATES = {"kal_diphone": "flite kal", "cmu_us_slt_arctic_hts": "flite slt"}


def festival_voices():
    out = subprocess.run(["festival", "-b", "(print (voice.list))"], capture_output=True, text=True, timeout=120)
    names = re.findall(r"[A-Za-z0-9_]+", out.stdout)
    return [name for name in names if name not in FESTIVAL_DUPLICATES]


def synthesise(voice, text, path, work):
    """Speaks `text` with `voice` (flite:NAME, festival:NAME, espeak:VARIANT) into a 16 kHz mono WAV."""
    raw = os.path.join(work, "raw.wav")
    kind, name = voice.split(":", 1)
    if kind == "flite":
        run(["flite", "-voice", name, "-t", text, "-o", raw], timeout=120)
    elif kind == "espeak":
        run(["espeak-ng", "-v", name, "-w", raw, text], timeout=120)
    else:
        script = os.path.join(work, "text.txt")
        with open(script, "w") as out:
            out.write(text)
        run(["text2wave", "-eval", f"(voice_{name})", script, "-o", raw], timeout=300)
    normalise([raw], path)


def make_tts_corpus(directory, clips):
    """WAVs for every voice, rebuilt only when the recipe changes. Returns {speaker: kind} and the files."""
    index, recipe = cached_corpus(directory, [CORPUS_VERSION, ENROLL_TEXT, TEST_SENTENCES, ESPEAK_IMPOSTORS, FLITE_VOICES,
                                              sorted(FESTIVAL_DUPLICATES), CONDITIONS, clips])
    if index:
        return index
    voices = [f"flite:{name}" for name in FLITE_VOICES] + [f"festival:{name}" for name in festival_voices()]
    voices += [f"espeak:{name}" for name in ESPEAK_IMPOSTORS]
    index = {"recipe": recipe, "speakers": {}, "skipped": {}}
    work = tempfile.mkdtemp()
    try:
        for voice in voices:
            speaker = voice.replace(":", "-").replace("+", "-")
            files = {"enroll": os.path.join(directory, f"{speaker}-enroll.wav"), "tests": {c: [] for c in CONDITIONS}}
            try:
                if not voice.startswith("espeak:"):
                    synthesise(voice, ENROLL_TEXT, files["enroll"], work)
                for number in range(clips):
                    text = " ".join(TEST_SENTENCES[(number * 2 + k) % len(TEST_SENTENCES)] for k in range(2))
                    clean = os.path.join(directory, f"{speaker}-test{number}-clean.wav")
                    synthesise(voice, text, clean, work)
                    run(["sox", "-q", clean, os.path.join(work, "cut.wav"), "trim", "0", "5"])
                    shutil.move(os.path.join(work, "cut.wav"), clean)
                    for condition, path in conditioned(clean, os.path.join(directory, f"{speaker}-test{number}"), work).items():
                        files["tests"][condition].append(path)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired, IndexError, ValueError) as error:
                index["skipped"][voice] = str(error)[:200]
                say(f"  {voice}: skipped ({str(error)[:120]})")
                continue
            index["speakers"][speaker] = {"voice": voice, "impostorOnly": voice.startswith("espeak:"), **files}
            say(f"  {voice}: made")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(directory, "index.json"), "w") as out:
        json.dump(index, out, indent=1)
    return index


def eer(targets, nontargets):
    """Equal error rate from target and non-target scores."""
    if not targets or not nontargets:
        return None
    best = 1.0
    for threshold in sorted(set(targets + nontargets)):
        miss = sum(1 for s in targets if s < threshold) / len(targets)
        false_alarm = sum(1 for s in nontargets if s >= threshold) / len(nontargets)
        best = min(best, max(miss, false_alarm))
    return best


def evaluate(bench, engine, index, splits, subsets):
    """Scores every test clip against every split; metrics per subset of test speakers ({label: speakers}) and condition,
    and for the telephone tests against enrollments made through the same telephone condition (MATCHED_TELEPHONE)."""
    speakers = index["speakers"]
    enrollable = {name: s["enroll"] for name, s in speakers.items() if not s["impostorOnly"]}
    tests = [path for s in speakers.values() for c in CONDITIONS for path in s["tests"][c]]
    owner = {path: name for name, s in speakers.items() for c in CONDITIONS for path in s["tests"][c]}
    condition = {path: c for s in speakers.values() for c in CONDITIONS for path in s["tests"][c]}
    started = time.time()
    report = score(bench, engine, {name: [path] for name, path in enrollable.items()}, tests, splits)
    telephone_tests = [path for path in tests if condition[path] == "telephone"]
    matched = score(bench, engine, {name: [telephone_enrollment(path)] for name, path in enrollable.items()}, telephone_tests, splits)
    if report is None or matched is None:
        return None
    results = {}
    for label, speakers_in in subsets.items():
        for c in CONDITIONS:
            results.setdefault(label, {})[c] = metrics(report, c, speakers_in, owner, condition)
        results[label][MATCHED_TELEPHONE] = metrics(matched, "telephone", speakers_in, owner, condition)
    return {"engine": report["engine"], "conditions": results, "errors": {**report["errors"], **matched["errors"]},
            "seconds": round(time.time() - started, 1), "audioSeconds": report["audioSeconds"] + matched["audioSeconds"]}


def score(bench, engine, profiles, tests, splits):
    """spid-bench score's report, or None (said why) when it failed."""
    request = json.dumps({"profiles": profiles, "tests": tests, "splits": splits})
    out = subprocess.run([bench, "score", *ENGINES[engine]], input=request, capture_output=True, text=True)
    if out.returncode != 0:
        say(f"  {engine}: not evaluated ({out.stderr.strip()[-300:]})")
        return None
    return json.loads(out.stdout)


def metrics(report, c, speakers_in, owner, condition):
    """The figures of the tests of condition `c` spoken by `speakers_in` in `report`."""
    correct = closed = false_accepts = impostor_trials = rejected_enrolled = 0
    targets, nontargets = [], []
    # Per impostor: {accepted as: trials}, None being the zero GUID.
    accepted_as = collections.defaultdict(collections.Counter)
    for split in report["splits"]:
        members = set(split["members"])
        for path, scores in split["scores"].items():
            if condition[path] != c or owner[path] not in speakers_in:
                continue
            speaker = owner[path]
            decision = split["decisions"][path]
            if speaker in members:
                closed += 1
                correct += max(scores, key=scores.get) == speaker
                rejected_enrolled += decision != speaker
                targets.append(scores[speaker])
                nontargets += [v for k, v in scores.items() if k != speaker]
            else:
                impostor_trials += 1
                false_accepts += decision is not None
                accepted_as[speaker][str(decision)] += 1
                nontargets += list(scores.values())
    impostor_best = [max(scores.values()) for split in report["splits"] for path, scores in split["scores"].items()
                     if condition[path] == c and owner[path] in speakers_in and owner[path] not in split["members"] and scores]
    return {
        "targetScores": quantiles(targets), "bestImpostorScores": quantiles(impostor_best),
        "closedSetAccuracy": correct / closed if closed else None, "closedSetTrials": closed,
        "eer": eer(targets, nontargets), "impostorFalseAccepts": false_accepts / impostor_trials if impostor_trials else None,
        "impostorTrials": impostor_trials, "enrolledMissed": rejected_enrolled / closed if closed else None,
        "impostorDecisions": {speaker: dict(counts) for speaker, counts in sorted(accepted_as.items())},
    }


def quantiles(values):
    """Min, 5th, 50th, 95th percentile and max, to calibrate thresholds by."""
    if not values:
        return None
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]
    return {"min": ordered[0], "p05": pick(0.05), "p50": pick(0.5), "p95": pick(0.95), "max": ordered[-1]}


def percent(value):
    return "–" if value is None else f"{100 * value:.1f}%"


def markdown(summary):
    lines = [
        "| Corpus | Engine | Condition | Closed-set accuracy (10 enrolled) | EER | Impostors accepted (zero GUID expected) | Enrolled speakers missed or misidentified |",
        "| --- | --- | --- | --- | --- | --- | --- |"]
    for corpus in summary["corpora"].values():
        for name, result in corpus["engines"].items():
            if result is None:
                lines.append(f"| {corpus['description']} | {name} | not evaluated | | | | |")
                continue
            for (label, conditions), c in ((subset, c) for subset in result["conditions"].items() for c in (*CONDITIONS, MATCHED_TELEPHONE)):
                r = conditions[c]
                lines.append(f"| {corpus['description']}{label} | {name} | {CONDITION_LABELS[c]} | {percent(r['closedSetAccuracy'])} | "
                             f"{percent(r['eer'])} | {percent(r['impostorFalseAccepts'])} | {percent(r['enrolledMissed'])} |")
    tts, real = summary["corpora"]["tts"]["corpus"], summary["corpora"]["real"]["corpus"]
    lines += ["", f"{tts['description']}: {len(tts['enrollable'])} voices that can be enrolled ({', '.join(tts['enrollable'])}) and "
              f"{len(tts['impostors'])} espeak-ng impostors; {tts['clips']} test clips of 5 s per voice and condition; {tts['splits']} "
              f"random splits of {ENROLLED} enrolled profiles, the other voices being impostors. Enrollment is clean (about "
              "35 s), except in the last condition, where it went through the tests' telephone condition too. TTS voices are easy: these figures test the plumbing and compare the engines, they are no claim of accuracy "
              "on real speech.",
              "", f"{real['description']}: the voice-acted dialogue of the game Fish Fillets NG (Debian's fillets-ng-data-cs and "
              f"fillets-ng-data-nl, GPL-2). {len(real['enrollable'])} speakers that can be enrolled ({', '.join(real['enrollable'])}) "
              f"and {len(real['impostors'])} heard only as impostors; {real['testClips']} test clips of 5 s per condition (up to "
              f"{real['clips']} per speaker, joined from lines of {fillets.SHORTEST_CLIP} s or more); {real['splits']} "
              f"splits of {ENROLLED} enrolled profiles (every one), the other speakers being impostors. Enrollment is clean "
              f"({fillets.ENROLL_SECONDS} s of lines no test uses), except in the last condition, where it went through the "
              "tests' telephone condition too. The two fish are one actor each per language; the other "
              "speakers are the Czech characters of one level each, never merged across levels or with the fish: one actor "
              "playing two of them counts against the engines, so the impostor figure is an upper bound (eval.json has each "
              "impostor's decisions). The rows split the test clips by language: the d-vector engine's calibration was fitted "
              "on the Czech cast's clips, so the Czech rows are in-sample and the Dutch rows (two speakers, whose clips were "
              "never used to fit anything) are the held-out figures; few Dutch clips are strangers' (a Dutch fish is a stranger "
              "only in the split that leaves it out)."]
    return "\n".join(lines) + "\n"


def describe(index, description, clips):
    speakers = index["speakers"]
    return {"description": description, "clips": clips, "skipped": index["skipped"],
            "enrollable": sorted(name for name, s in speakers.items() if not s["impostorOnly"]),
            "impostors": sorted(name for name, s in speakers.items() if s["impostorOnly"]),
            "testClips": sum(len(s["tests"]["clean"]) for s in speakers.values()),
            "testClipsPerSpeaker": {name: len(s["tests"]["clean"]) for name, s in sorted(speakers.items())}}


def evaluate_corpus(bench, index, description, args, subsets=None):
    """The engines on one corpus, over splits of its enrollable speakers: every split when there are few, else random ones.
    `subsets` ({label: speakers}) reports groups of test speakers in rows of their own (all of them by default)."""
    corpus = describe(index, description, args.clips)
    if len(corpus["enrollable"]) < ENROLLED + 1:
        raise SystemExit(f"error: {description}: only {len(corpus['enrollable'])} speakers can be enrolled; at least "
                         f"{ENROLLED + 1} are needed")
    generator = random.Random(args.seed)
    enrollable = corpus["enrollable"]
    if math.comb(len(enrollable), ENROLLED) <= EXHAUSTIVE_SPLITS:
        splits = [sorted(split) for split in itertools.combinations(enrollable, ENROLLED)]
    else:
        splits = [sorted(generator.sample(enrollable, ENROLLED)) for _ in range(args.splits)]
    corpus["splits"] = len(splits)
    engines = {}
    for engine in args.engines:
        say(f"scoring {description} with the {engine} engine…")
        engines[engine] = evaluate(bench, engine, index, splits, subsets or {"": set(index["speakers"])})
    return {"description": description, "corpus": corpus, "engines": engines}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--corpus", required=True, help="the TTS corpus's folder")
    parser.add_argument("--real-corpus", help="the real-speech corpus's folder (default: real-corpus beside --corpus)")
    parser.add_argument("--packages", help="where the game's packages are kept (default: fillets beside --corpus)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--splits", type=int, default=8)
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", default="classical,dvector",
                        help=f"comma-separated, of {', '.join(ENGINES)} (dvector-before: the d-vector engine on raw cosines)")
    args = parser.parse_args()
    args.engines = args.engines.split(",")
    unknown = [engine for engine in args.engines if engine not in ENGINES]
    if unknown:
        raise SystemExit(f"error: unknown engine {', '.join(unknown)}; use {', '.join(ENGINES)}")
    beside = os.path.dirname(os.path.abspath(args.corpus))
    say("making the TTS corpus…")
    tts = make_tts_corpus(args.corpus, args.clips)
    say("making the real-speech corpus…")
    real = fillets.make_corpus(args.real_corpus or os.path.join(beside, "real-corpus"), args.clips,
                               args.packages or os.path.join(beside, "fillets"))
    summary = {"splits": args.splits, "seed": args.seed, "corpora": {
        "tts": evaluate_corpus(args.bench, tts, TTS_DESCRIPTION, args),
        "real": evaluate_corpus(args.bench, real, fillets.DESCRIPTION, args, fillets.subsets(real))}}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "eval.json"), "w") as out:
        json.dump(summary, out, indent=1)
    table = markdown(summary)
    with open(os.path.join(args.out, "eval.md"), "w") as out:
        out.write(table)
    print(table)


if __name__ == "__main__":
    main()

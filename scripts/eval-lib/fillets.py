"""scripts/eval's real-speech corpus: the voice-acted dialogue of the game Fish Fillets NG in Czech and
Dutch (Debian's fillets-ng-data-cs and fillets-ng-data-nl, GPL-2), made into WAVs at eval time.

Who speaks a line comes from the game's own level scripts (fillets-ng-data): each dialogId names its
subtitle font. font_small and font_big are the two fish throughout the game, one actor each per
language. Another character is a file-name code of one level (vit-hs-klid1.ogg: code hs) whose lines
all have one font that no other code of that level uses; codes with several fonts (a telephone with
several callers) are not labelled. Characters are never merged across levels or languages.
"""
import collections
import glob
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import tempfile

from audio import CONDITIONS, cached_corpus, conditioned, duration, normalise, run, say

# fillets-ng-data holds the level scripts that name each line's font; the others hold the voices.
PACKAGES = ("fillets-ng-data", "fillets-ng-data-cs", "fillets-ng-data-nl")
LANGUAGES = ("cs", "nl")
FISH = {"font_small": "m", "font_big": "v"}
UNLABELLED_FONTS = {"", "font_both"}
ENROLL_SECONDS = 35
TEST_SECONDS = 5
SHORTEST_CLIP = 0.8
# An enrollable speaker has this many test clips besides its enrollment; one with less is a stranger only.
FEWEST_TESTS = 2
# Bump when the way the corpus is made changes.
CORPUS_VERSION = 1
DESCRIPTION = "real speech (fillets-ng cs+nl)"


def fetch(cache):
    """Downloads and unpacks the packages under `cache` once (apt-get download, dpkg -x). Returns the game's
    folder and the .deb files' names, which carry their versions."""
    root = os.path.join(cache, "root")
    game = os.path.join(root, "usr", "share", "games", "fillets-ng")
    debs = lambda: sorted(glob.glob(os.path.join(cache, "*.deb")))
    if len(debs()) == len(PACKAGES) and os.path.isdir(game):
        return game, [os.path.basename(deb) for deb in debs()]
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(cache)
    download = tempfile.mkdtemp()
    try:
        say(f"  downloading {', '.join(PACKAGES)} (apt-get download)…")
        try:
            run(["apt-get", "download", *PACKAGES], cwd=download, timeout=1800)
        except subprocess.CalledProcessError as error:
            raise SystemExit(f"error: apt-get download failed ({error.stderr.decode().strip()[-200:]}); try apt-get update")
        for deb in glob.glob(os.path.join(download, "*.deb")):
            run(["dpkg", "-x", deb, root])
            shutil.move(deb, cache)
    finally:
        shutil.rmtree(download, ignore_errors=True)
    return game, [os.path.basename(deb) for deb in debs()]


def line_fonts(game):
    """{(level, dialog id): font} from every level script; a line whose scripts disagree is left out."""
    fonts = collections.defaultdict(set)
    for path in glob.glob(os.path.join(game, "script", "*", "*.lua")):
        level = os.path.basename(os.path.dirname(path))
        with open(path, encoding="utf-8", errors="replace") as script:
            for line, font in re.findall(r'dialogId\("([^"]+)",\s*"([^"]*)"', script.read()):
                fonts[(level, line)].add(font)
    return {key: found.pop() for key, found in fonts.items() if len(found) == 1}


def code(line):
    """The file-name code of a line: the middle of lev-code-word, the start of code-word."""
    parts = line.split("-")
    return parts[1] if len(parts) > 2 else parts[0]


def speakers(game):
    """{speaker: [ogg paths]}: cs-m, cs-v, nl-m, nl-v and cs-LEVEL-CODE for the other characters."""
    fonts = line_fonts(game)
    labelled = collections.defaultdict(list)
    for language in LANGUAGES:
        for folder in sorted(glob.glob(os.path.join(game, "sound", "*", language))):
            level = os.path.basename(os.path.dirname(folder))
            lines = {}
            for path in sorted(glob.glob(os.path.join(folder, "*.ogg"))):
                line = os.path.basename(path)[:-4]
                if (level, line) not in fonts:
                    continue
                font = fonts[(level, line)]
                if font in FISH:
                    labelled[f"{language}-{FISH[font]}"].append(path)
                elif font != "font_both":
                    lines[path] = (code(line), font)
            for name, paths in characters(lines).items():
                labelled[f"{language}-{level}-{name}"] += paths
    return dict(labelled)


def characters(lines):
    """{code: paths} of one level's non-fish lines ({path: (code, font)}), for the codes that are one character."""
    fonts_of, codes_of = collections.defaultdict(set), collections.defaultdict(set)
    for line_code, font in lines.values():
        if font not in UNLABELLED_FONTS:
            fonts_of[line_code].add(font)
            codes_of[font].add(line_code)
    # A line without a font (gods' b1-1.ogg) belongs to its code's one font.
    single = {line_code for line_code, fonts in fonts_of.items() if len(fonts) == 1 and codes_of[next(iter(fonts))] == {line_code}}
    found = collections.defaultdict(list)
    for path, (line_code, _) in sorted(lines.items()):
        if line_code in single:
            found[line_code].append(path)
    return found


def clip_wavs(paths, work, name):
    """Each clip of at least SHORTEST_CLIP seconds as a 16 kHz mono WAV in `work`, in the order given, lazily."""
    for number, path in enumerate(paths):
        wav = os.path.join(work, f"{name}-{number}.wav")
        run(["sox", "-q", path, "-r", "16000", "-c", "1", "-b", "16", wav])
        seconds = duration(wav)
        if seconds >= SHORTEST_CLIP:
            yield wav, seconds


def take(clips, seconds):
    """Clips [(wav, seconds)] from the iterator until they add up to `seconds` or it runs out."""
    taken = []
    for clip in clips:
        taken.append(clip)
        if enough(taken, seconds):
            break
    return taken


def enough(clips, seconds):
    return sum(length for _, length in clips) >= seconds


def make_speaker(name, paths, directory, clips, work):
    """One speaker's enrollment (when it has enough audio) and its 5 s test clips in each condition."""
    order = list(paths)
    random.Random(name).shuffle(order)
    available = clip_wavs(order, work, name)
    enrollment = take(available, ENROLL_SECONDS)
    tests = [take(available, TEST_SECONDS) for _ in range(clips)]
    files = {"voice": name, "enroll": os.path.join(directory, f"{name}-enroll.wav"), "tests": {c: [] for c in CONDITIONS}}
    if enough(enrollment, ENROLL_SECONDS) and sum(enough(test, TEST_SECONDS) for test in tests) >= FEWEST_TESTS:
        normalise([wav for wav, _ in enrollment], files["enroll"], ENROLL_SECONDS)
    else:
        # A stranger only: the clips of its enrollment become tests too.
        files["enroll"] = None
        available = itertools.chain(enrollment, *tests, available)
        tests = [take(available, TEST_SECONDS) for _ in range(clips)]
    for number, test in enumerate(test for test in tests if enough(test, TEST_SECONDS)):
        stem = os.path.join(directory, f"{name}-test{number}")
        normalise([wav for wav, _ in test], f"{stem}-clean.wav", TEST_SECONDS)
        for condition, path in conditioned(f"{stem}-clean.wav", stem, work).items():
            files["tests"][condition].append(path)
    files["impostorOnly"] = files["enroll"] is None
    return files


def subsets(index):
    """The corpus's test speakers by language, for rows of their own: the d-vector engine's calibration was fitted on
    the Czech cast, so the Dutch rows are the held-out ones."""
    return {f", {label}": {name for name in index["speakers"] if name.startswith(f"{language}-")}
            for language, label in (("cs", "Czech cast (calibration fitted here)"), ("nl", "Dutch cast (held out)"))}


def make_corpus(directory, clips, cache):
    """WAVs for every labelled speaker, rebuilt only when the recipe changes; the index has the TTS corpus's shape."""
    game, debs = fetch(cache)
    index, recipe = cached_corpus(directory, [CORPUS_VERSION, debs, LANGUAGES, sorted(FISH), sorted(UNLABELLED_FONTS), ENROLL_SECONDS,
                                              TEST_SECONDS, SHORTEST_CLIP, FEWEST_TESTS, CONDITIONS, clips])
    if index:
        return index
    index = {"recipe": recipe, "packages": debs, "speakers": {}, "skipped": {}}
    for name, paths in sorted(speakers(game).items()):
        work = tempfile.mkdtemp()
        try:
            files = make_speaker(name, paths, directory, clips, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if not files["tests"]["clean"]:
            index["skipped"][name] = f"less than {TEST_SECONDS} s of clips of {SHORTEST_CLIP} s or more"
            continue
        files["lines"] = len(paths)
        index["speakers"][name] = files
        kind = "stranger only" if files["impostorOnly"] else "enrollable"
        say(f"  {name}: {kind}, {len(files['tests']['clean'])} test clips")
    with open(os.path.join(directory, "index.json"), "w") as out:
        json.dump(index, out, indent=1)
    return index

"""The peer of the d-vector engine's enrollment speed: resemblyzer 0.1.4 on PyTorch's CPU build.

Runs the original pipeline (preprocess_wav: volume, WebRTC VAD trimming; then embed_utterance)
on each WAV, RUNS times, and prints seconds of audio per CPU second of this process as JSON.
Usage: resemblyzer_speed.py RUNS WAV...
"""
import json
import resource
import statistics
import sys
import wave

import numpy as np
from resemblyzer import VoiceEncoder, preprocess_wav


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    runs, paths = int(sys.argv[1]), sys.argv[2:]
    clips = []
    for path in paths:
        with wave.open(path) as clip:
            samples = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2").astype(np.float32) / 32768
        clips.append(samples)
    seconds = sum(len(clip) for clip in clips) / 16000
    encoder = VoiceEncoder("cpu", verbose=False)
    encoder.embed_utterance(preprocess_wav(clips[0]))  # warm up
    rates = []
    for _ in range(runs):
        before = cpu()
        for clip in clips:
            encoder.embed_utterance(preprocess_wav(clip))
        rates.append(seconds / (cpu() - before))
    rates.sort()
    print(json.dumps({"median": statistics.median(rates), "min": rates[0], "max": rates[-1], "runs": runs}))


if __name__ == "__main__":
    main()

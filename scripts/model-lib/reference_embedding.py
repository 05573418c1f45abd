#!/usr/bin/env python3
"""The original pipeline's d-vector of a clip, for the Swift engine's reference test.

Runs resemblyzer 0.1.4's VoiceEncoder (PyTorch, CPU) on a 16 kHz mono WAV after its volume
normalisation (`normalize_volume(wav, -30, increase_only=True)`), without `trim_long_silences`:
that step uses WebRTC's VAD, which the Swift engine replaces with the emulator's own. Prints JSON.

Usage (in a virtual environment with torch, librosa, webrtcvad and resemblyzer):
  reference_embedding.py CLIP.wav > reference.json
"""
import json
import sys
import wave

import librosa
import numpy as np
import torch
from resemblyzer import VoiceEncoder
from resemblyzer.audio import normalize_volume


def main():
    path = sys.argv[1]
    with wave.open(path) as clip:
        if (clip.getframerate(), clip.getnchannels(), clip.getsampwidth()) != (16000, 1, 2):
            raise SystemExit("error: the clip must be 16 kHz mono 16-bit")
        samples = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2").astype(np.float32) / 32768
    wav = normalize_volume(samples, -30, increase_only=True)
    encoder = VoiceEncoder("cpu", verbose=False)
    embedding, partials, slices = encoder.embed_utterance(wav, return_partials=True)
    print(json.dumps({
        "clip": path.rsplit("/", 1)[-1], "samples": len(samples),
        "made_with": {"resemblyzer": "0.1.4", "torch": torch.__version__, "librosa": librosa.__version__, "numpy": np.__version__},
        "windows": [int(s.start) // 160 for s in slices],
        "embedding": [float(x) for x in embedding],
        "partials": [[float(x) for x in p] for p in partials],
    }, indent=1))


if __name__ == "__main__":
    main()

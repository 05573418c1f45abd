# Shared by scripts/test and scripts/test-unit: prepares the tests' inputs and runs swift test.
# Sourced after setup.sh, not run.

# The audio fixtures and the d-vector weights (PyPI); without the weights the suites that need
# them say so and skip.
prepare_test_inputs() {
  say "making the audio fixtures…"
  scripts/fixtures/make-audio
  bash scripts/fetch-model || say "warning: could not fetch the d-vector weights; the tests that need them are skipped"
}

# Builds with the tests, runs `swift test --skip-build` with the given options, and ends with one
# plain line, "tests: N passed, N failed". Returns swift test's status.
run_swift_tests() {
  say "building (debug, with tests)…"
  swift build --build-tests
  say "running the tests…"
  local log status summary total failed
  log="$(mktemp)"
  trap "rm -f '$log'" EXIT
  set +e
  swift test --skip-build --disable-xctest "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  summary=$(grep -E 'Test run with [0-9]+ tests?' "$log" | tail -n 1 || true)
  total=$(sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p' <<<"$summary")
  failed=$({ grep -E '^✘ Test ' "$log" || true; } | { grep -vE 'recorded an issue|^✘ Test run' || true; } | wc -l)
  if [ -n "$total" ]; then
    printf '\ntests: %s passed, %s failed\n' "$((total - failed))" "$failed"
  fi
  return "$status"
}

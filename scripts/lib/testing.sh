# Shared by scripts/test and scripts/test-unit: prepares the tests' inputs and runs swift test.
# Sourced after setup.sh, not run.

# The audio fixtures and the d-vector weights (PyPI); without the weights the suites that need
# them say so and skip.
prepare_test_inputs() {
  say "making the audio fixtures…"
  scripts/fixtures/make-audio
  bash scripts/fetch-model || say "warning: could not fetch the d-vector weights; the tests that need them are skipped"
}

# A private PostgreSQL for the store contract tests (SPID_TEST_POSTGRES_URL, required by
# SPID_REQUIRE_POSTGRES=1), stopped when the calling script exits.
start_test_postgres() {
  source "$spid_root/scripts/lib/postgres.sh"
  setup_postgres
  local dir="$spid_root/.build/test-postgres" port
  stop_postgres "$dir"
  rm -rf "$(pg_home "$dir")" "$dir"
  port="$(free_port)"
  say "starting PostgreSQL for the tests on 127.0.0.1:$port…"
  start_postgres "$dir" "$port"
  spid_test_postgres_dir="$dir"
  trap 'stop_postgres "$spid_test_postgres_dir"' EXIT
  export SPID_TEST_POSTGRES_URL="postgres://spid@127.0.0.1:$port/spid?sslmode=disable"
  export SPID_REQUIRE_POSTGRES=1
}

# Builds with the tests, runs `swift test --skip-build` with the given options, and ends with one
# plain line, "tests: N passed, N failed". Returns swift test's status.
run_swift_tests() {
  say "building (debug, with tests)…"
  swift build --build-tests
  say "running the tests…"
  local log status summary total failed
  log="$(mktemp)"
  set +e
  swift test --skip-build --disable-xctest "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  summary=$(grep -E 'Test run with [0-9]+ tests?' "$log" | tail -n 1 || true)
  total=$(sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p' <<<"$summary")
  failed=$({ grep -E '^✘ Test ' "$log" || true; } | { grep -vE 'recorded an issue|^✘ Test run' || true; } | wc -l)
  rm -f "$log"
  if [ -n "$total" ]; then
    printf '\ntests: %s passed, %s failed\n' "$((total - failed))" "$failed"
  fi
  return "$status"
}

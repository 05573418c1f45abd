# Shared by scripts/run and scripts/test: checks the toolchain and installs what is missing.
# Sourced, not run.

spid_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '%s\n' "$*" >&2; }

require_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    say "error: swift is not on PATH. Install Swift 6.2 or newer (https://www.swift.org/install) and try again."
    exit 1
  fi
}

# Installs a Debian package when its pkg-config module is missing and it is not installed;
# needs root (or sudo).
ensure_apt_package() {
  local module="$1" package="$2"
  if pkg-config --exists "$module" 2>/dev/null || dpkg -s "$package" >/dev/null 2>&1; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "error: $package is missing and this is not a Debian-like system; install $package yourself."
    exit 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      say "error: $package is missing; run as root: apt-get install -y $package"
      exit 1
    fi
  fi
  say "installing $package (apt)…"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${spid_apt_updated:-}" ]; then
    $sudo apt-get update -qq >/dev/null || say "warning: apt-get update failed; trying the install anyway"
    spid_apt_updated=1
  fi
  if ! $sudo apt-get install -y -qq "$package" >/dev/null; then
    say "error: apt-get install $package failed; install it by hand and run this again."
    exit 1
  fi
}

# What building needs: libedit (the REPL) and SQLite (the emulator's storage, through GRDB).
setup_machine() {
  require_swift
  ensure_apt_package libedit libedit-dev
  ensure_apt_package sqlite3 libsqlite3-dev
  cd "$spid_root"
}

# What the tests' audio fixtures need: two speech synthesisers and sox.
setup_audio_tools() {
  ensure_apt_package flite flite
  ensure_apt_package espeak-ng espeak-ng
  ensure_apt_package sox sox
}

# What the pseudo-terminal suite needs: Python 3 with pexpect (apt, then PyPI as a fallback).
setup_pty_tools() {
  command -v python3 >/dev/null 2>&1 || ensure_apt_package python3 python3
  # GNU time: the end-to-end tests read a spid-repl run's peak memory from it.
  [ -x /usr/bin/time ] || ensure_apt_package /usr/bin/time time
  if python3 -c 'import pexpect' 2>/dev/null; then return 0; fi
  ensure_apt_package python3-pexpect python3-pexpect
  if ! python3 -c 'import pexpect' 2>/dev/null; then
    say "installing pexpect (pip)…"
    python3 -m pip install -q pexpect >/dev/null 2>&1 || {
      say "error: python3 cannot import pexpect; install it (apt-get install python3-pexpect, or pip install pexpect)."
      exit 1
    }
  fi
}

# What the code-sample suite needs to build and run the samples of every language (curl, C#,
# Java, JavaScript, Objective-C, PHP, Python, Ruby; Swift is here already). Afterwards a missing
# toolchain fails that suite instead of skipping it.
setup_sample_toolchains() {
  command -v curl >/dev/null 2>&1 || ensure_apt_package curl curl
  command -v node >/dev/null 2>&1 || ensure_apt_package nodejs nodejs
  command -v javac >/dev/null 2>&1 || ensure_apt_package default-jdk-headless default-jdk-headless
  local package
  # Apache HttpClient 4 for Java; System.Net.Http for Mono; gcc's Objective-C and GNUstep Foundation.
  for package in ruby php-cli php-curl libhttpclient-java mono-mcs libmono-system-net-http4.0-cil gobjc libgnustep-base-dev; do
    ensure_apt_package "$package" "$package"
  done
  export SPID_REQUIRE_SAMPLE_TOOLCHAINS=1
}

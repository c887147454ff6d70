#!/usr/bin/env bash
# Makes the real captures of test/process/captures/: a JVM using memory off the heap (Native Memory
# Tracking on) and a Go program that freed a large heap, each started here in the background and
# stopped here by its own PID. Re-runnable: it overwrites the captures it writes.
#   bash test/process/gen/make-captures.sh
# JDK 17 (Debian's openjdk-17-jdk-headless, /usr/bin) is required; a second JDK is used when
# JDK2_HOME names one (default: /usr/lib/jvm/temurin-25-jdk-amd64 when present). Go: /usr/bin/go.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(cd "$HERE/.." && pwd)/captures"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
STARTED=()
cleanup() {
  # Stop only what this script started, by PID.
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${STARTED[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

waitfile() { # FILE SECONDS PID
  local i=0
  while [ ! -e "$1" ]; do
    sleep 0.1; i=$((i + 1))
    if [ "$i" -gt $(($2 * 10)) ] || ! kill -0 "$3" 2>/dev/null; then
      echo "no $1 (timed out, or the program ended):" >&2; cat "$(dirname "$1")/stderr" >&2 2>/dev/null || true; exit 1
    fi
  done
}

proc_files() { # PID PREFIX
  cat "/proc/$1/status" > "$OUT/$2-proc-status.txt"
  cat "/proc/$1/smaps_rollup" > "$OUT/$2-smaps-rollup.txt"
  cat "/proc/$1/smaps" > "$OUT/$2-smaps.txt"
  cat "/proc/$1/cgroup" > "$OUT/$2-cgroup.txt"
  # The same files as `tail` prints several: each behind its `==> PATH <==` header.
  tail -n +1 "/proc/$1/status" "/proc/$1/smaps_rollup" "/proc/$1/cgroup" > "$OUT/$2-tail-status-rollup-cgroup.txt"
}

run_jvm() { # JAVA_HOME_BIN PREFIX NMT_MODE GC_FLAG
  local bin="$1" prefix="$2" nmt="$3" gc="$4"
  local d="$WORK/$prefix"
  mkdir -p "$d"
  "$bin/javac" -d "$d" "$HERE/OffHeap.java"
  "$bin/java" -XX:NativeMemoryTracking="$nmt" -Xmx64m $gc -cp "$d" OffHeap "$d" > "$d/stdout" 2> "$d/stderr" &
  local pid=$!
  STARTED+=("$pid")
  waitfile "$d/ready1" 60 "$pid"
  "$bin/jcmd" "$pid" VM.native_memory baseline > "$OUT/$prefix-nmt-baseline.txt"
  touch "$d/go"
  waitfile "$d/ready2" 120 "$pid"
  sleep 1
  "$bin/jcmd" "$pid" VM.native_memory summary > "$OUT/$prefix-nmt-summary.txt"
  "$bin/jcmd" "$pid" VM.native_memory summary scale=MB > "$OUT/$prefix-nmt-summary-scale-mb.txt"
  "$bin/jcmd" "$pid" VM.native_memory summary.diff > "$OUT/$prefix-nmt-summary-diff.txt"
  if [ "$nmt" = detail ]; then "$bin/jcmd" "$pid" VM.native_memory detail > "$OUT/$prefix-nmt-detail.txt"; fi
  "$bin/jcmd" "$pid" VM.flags > "$OUT/$prefix-vm-flags.txt"
  "$bin/jcmd" "$pid" VM.flags -all > "$OUT/$prefix-vm-flags-all.txt"
  "$bin/jcmd" "$pid" GC.heap_info > "$OUT/$prefix-gc-heap-info.txt"
  proc_files "$pid" "$prefix"
  touch "$d/stop"
  wait "$pid" || true
  "$bin/java" -version > "$OUT/$prefix-java-version.txt" 2>&1
}

run_jvm /usr/bin jdk17 summary ""
JDK2_HOME="${JDK2_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -x "$JDK2_HOME/bin/jcmd" ]; then
  v="$("$JDK2_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  run_jvm "$JDK2_HOME/bin" "jdk$v" detail "-XX:+UseParallelGC"
fi
/usr/bin/java -XX:+PrintFlagsFinal -version > "$OUT/jdk17-print-flags-final.txt" 2>&1

# Go: build, then run the binary itself (its PID is the program's).
G="$WORK/go"
mkdir -p "$G"
(cd "$HERE" && GOFLAGS=-mod=mod GO111MODULE=off /usr/bin/go build -o "$G/memhog" memhog.go)
GODEBUG=gctrace=1 GOMEMLIMIT=768MiB "$G/memhog" "$G" > "$G/stdout" 2> "$OUT/go-gctrace-stderr.txt" &
gpid=$!
STARTED+=("$gpid")
waitfile "$G/port" 60 "$gpid"
port="$(cat "$G/port")"
sleep 0.5
curl -sS "http://127.0.0.1:$port/debug/pprof/heap?debug=1" > "$OUT/go-pprof-heap-debug1.txt"
curl -sS "http://127.0.0.1:$port/debug/vars" > "$OUT/go-debug-vars.json"
cat "/proc/$gpid/status" > "$OUT/go-proc-status.txt"
cat "/proc/$gpid/smaps_rollup" > "$OUT/go-smaps-rollup.txt"
tr '\0' '\n' < "/proc/$gpid/environ" | grep -E '^(GOMEMLIMIT|GOGC|GODEBUG)=' > "$OUT/go-environ.txt"
touch "$G/stop"
wait "$gpid" || true
/usr/bin/go version > "$OUT/go-version.txt"

{ echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "kernel: $(uname -r)"; echo "machine: $(uname -m)"; } > "$OUT/ENVIRONMENT.txt"
echo "captures written to $OUT"

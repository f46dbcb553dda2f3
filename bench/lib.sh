# Shell functions shared by bench/run, bench/ab, bench/profile and bench/syscalls; sourced, not run. Not part of the tests or CI.
# The caller sets: out (a directory for raw output), work (a scratch directory), connections (wrk connections), and
# declares: pids=() and declare -A pid_of.

log() { echo "bench/${0##*/}: $*" >&2; }

# Every server logs warnings only unless BENCH_LOG_LEVEL says otherwise (the same for all: console logging per request
# would dominate), in Production, so that no development-only middleware runs.
export Logging__LogLevel__Default=${BENCH_LOG_LEVEL:-Warning} DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production

# Free loopback ports: nothing answers a connect on them.
next_port=$((20000 + RANDOM % 20000))
alloc_port() { # VAR: sets VAR to the next free port
  while (exec 3<>"/dev/tcp/127.0.0.1/$next_port") 2>/dev/null; do next_port=$((next_port + 1)); done
  printf -v "$1" '%s' "$next_port"
  next_port=$((next_port + 1))
}

# para_server_args PARA_PORT FAKE_PORT: sets the array para_server to serve-para's arguments against the fake Amazon:
# SQLite at data/para.db under the server's working directory, the sign-in rate limit off (the baselines have none).
para_server_args() {
  para_server=(serve-para --para.port="$1" --para.bind_address=127.0.0.1 --para.dao=sqlite
    --para.sqlite.file=data/para.db --para.az_app_id=bench-client --para.az_secret=bench-secret-bench-secret-bench-secret
    --para.security.amazon.token_url="http://127.0.0.1:$2/auth/o2/token"
    --para.security.amazon.profile_url="http://127.0.0.1:$2/user/profile"
    --para.security.rate_limit.enabled=false)
}

start() { # NAME PORT DLL ARGS...: starts a server in its own working directory and waits until it listens on PORT
  local name=$1 port=$2 dll=$3; shift 3
  # Each server in its own working directory (its content root), so no server sees another's files change.
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec dotnet "$dll" "$@") >"$out/$name.log" 2>&1 &
  pids+=($!)
  pid_of[$name]=$!
  local i
  for i in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$out/$name.log" >&2; log "$name exited"; exit 1; }
    sleep 0.2
  done
  log "$name did not listen on $port"; exit 1
}

stop_all() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# What was measured: "commit abc1234", with "and uncommitted changes" when the working tree differs from it.
build_label() {
  local commit
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || { echo "no git commit"; return; }
  if git -C "$root" diff --quiet HEAD -- 2>/dev/null; then echo "commit $commit"; else echo "commit $commit and uncommitted changes"; fi
}

# CPU time (user + system, clock ticks) the server process has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run_wrk FILE SECONDS SERVER [wrk options and script args]: one wrk run against SERVER (a name given to start), raw
# output to FILE, and that server's CPU microseconds per request to FILE.cpu.
run_wrk() {
  local file=$1 seconds=$2 server=$3; shift 3
  local before after
  before=$(cpu_ticks "${pid_of[$server]}")
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" >"$file" 2>&1 || { cat "$file" >&2; exit 1; }
  after=$(cpu_ticks "${pid_of[$server]}")
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '$2 == "requests" && $3 == "in" { printf "%.0f\n", t * 1e6 / hz / $1 }' "$file" >"$file.cpu"
  if grep -q -E "Non-2xx|Socket errors|^BAD [1-9]" "$file"; then
    log "failed or wrong responses in $file:"; cat "$file" >&2; exit 1
  fi
}
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.3f\n", v }' "$1"; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

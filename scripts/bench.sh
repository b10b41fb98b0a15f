#!/usr/bin/env bash
# bench.sh — leakwatch measured side by side with the secret scanners users would pick instead
# (issue 7). Every tool runs on the same inputs, with the same number of threads, in one run of this
# script; the figures (medians) and everything needed to reproduce them go to BENCHMARKS.md.
#
# Inputs: ../shared/bench/make-corpus.sh (a multi-project source tree and a repository of successive
# Django releases, from pip sdists); peers: ../shared/bench/peers.sh (gitleaks, betterleaks,
# kingfisher, ripsecrets, detect-secrets, from package registries). Both are idempotent.
#
# Scenarios
#   1. directory scan of tree/                    leakwatch scan   vs the peers' directory modes
#   2. full history of history/ (a bare clone)    leakwatch history vs the peers' git modes,
#                                                 floor: git cat-file --batch-all-objects --batch
#   2b. the same on a long history (LONG_COMMITS=5000 commits, scripts/make-long-history.py)
#   3. pre-commit: one staged file in a clone     leakwatch staged vs the peers' staged modes
#                                                 and git diff --cached (hyperfine -N)
#   4. start-up: a three-file directory           leakwatch scan vs leakwatch --version and peers
#   5. scaling: 1 and 2 threads (scenarios 1, 2), and the directory scan at 1×, 2×, 4× the input,
#      for leakwatch and the fastest peer of each scenario
# Scenarios 1, 2 and 5 are timed by /usr/bin/time in a loop (REPS rounds; each round runs every
# tool once, so load drifts hit all tools alike); 3 and 4, which take milliseconds, by hyperfine
# (wall median; CPU is hyperfine's mean) plus REPS /usr/bin/time runs for peak RSS and findings.
#
# Environment
#   LEAKWATCH=PATH   binary to measure (default: cargo build --release --locked, target/release)
#   REPS=5           rounds for scenarios 1, 2, 5 and /usr/bin/time runs for 3, 4
#   THREADS=2        threads for every tool (GOMAXPROCS for the Go tools)
#   SLOW_REPS=1      rounds for the slow tools (ripsecrets, detect-secrets) on large inputs
#   SLOW_FACTOR=10 SLOW_MIN=120   a slow tool is stopped ("timeout") after
#                    max(SLOW_FACTOR × leakwatch's time, SLOW_MIN) seconds
#   TIMEOUT=900      cap for any other single run, in seconds
#   LONG_COMMITS=5000  commits of the long history (scenario 2b)
#   MIN_RUNS=10      hyperfine --min-runs for scenarios 3, 4 (hyperfine also runs ≥ 3 s each)
#   SCALE_PEER=1     also run the fastest peer in scenario 5 (0: leakwatch only)
#   CORPUS=~/leakwatch-corpus  PEERS=~/.cache/leakwatch-peers  OUT=BENCHMARKS.md
#   NOTE="..."       a paragraph added to BENCHMARKS.md (e.g. what else ran on the machine)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared/bench}"
CORPUS="${CORPUS:-$HOME/leakwatch-corpus}"
PEERS="${PEERS:-$HOME/.cache/leakwatch-peers}"
REPS="${REPS:-5}"
THREADS="${THREADS:-2}"
SLOW_REPS="${SLOW_REPS:-1}"
SLOW_FACTOR="${SLOW_FACTOR:-10}"
SLOW_MIN="${SLOW_MIN:-120}"
TIMEOUT="${TIMEOUT:-900}"
MIN_RUNS="${MIN_RUNS:-10}"
SCALE_PEER="${SCALE_PEER:-1}"
OUT="${OUT:-$ROOT/BENCHMARKS.md}"
NOTE="${NOTE:-}"

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leakwatch-bench.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK/out" "$WORK/bin" "$WORK/hf"
export NO_COLOR=1 GOMAXPROCS="$THREADS"
START_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
START_SECS=$SECONDS

# ---------------------------------------------------------------------------------------------
# Inputs, peers, tools
# ---------------------------------------------------------------------------------------------
[ -f "$SHARED/make-corpus.sh" ] || die "no $SHARED/make-corpus.sh (set SHARED=dir)"
log "corpus: $SHARED/make-corpus.sh $CORPUS"
bash "$SHARED/make-corpus.sh" "$CORPUS" >&2
CORPUS="$(cd "$CORPUS" && pwd)"
TREE="$CORPUS/tree"
HISTORY="$CORPUS/history"
log "peers: $SHARED/peers.sh $PEERS"
if ! bash "$SHARED/peers.sh" "$PEERS" >"$WORK/peers.txt" 2>"$WORK/peers.err"; then
  log "peers.sh failed (see below); going on with the peers that are installed"
  tail -n 5 "$WORK/peers.err" >&2 || true
fi
PB="$PEERS/bin"

need_apt() { # need_apt COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "apt-get install $2"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null 2>&1 || die "$1 is needed (Debian package $2)"
}
need_apt hyperfine hyperfine
need_apt python3 python3
need_apt timeout coreutils
[ -x /usr/bin/time ] || need_apt /usr/bin/time time

if [ -n "${LEAKWATCH:-}" ]; then
  LW_SRC="$LEAKWATCH"
  LW_ORIGIN="given by LEAKWATCH=$LEAKWATCH"
else
  log "building leakwatch (cargo build --release --locked)"
  (cd "$ROOT" && cargo build --release --locked -q)
  LW_SRC="$ROOT/target/release/leakwatch"
  LW_ORIGIN="built from $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
fi
[ -x "$LW_SRC" ] || die "no leakwatch binary at $LW_SRC"
# A private copy, so that a rebuild elsewhere during the run cannot mix two versions.
LW="$WORK/bin/leakwatch"
cp "$LW_SRC" "$LW"
LW_ORIGIN="$LW_ORIGIN, $(date -u -r "$LW_SRC" '+binary of %Y-%m-%d %H:%M UTC'), sha256 $(sha256sum "$LW" | cut -c1-12)"

DS_HOOK=""
if [ -e "$PB/detect-secrets" ]; then
  DS_HOOK="$(dirname "$(readlink -f "$PB/detect-secrets")")/detect-secrets-hook"
fi

PEER_TOOLS=(gitleaks betterleaks kingfisher ripsecrets detect-secrets)
declare -A VERSION=()
tool_version() {
  case "$1" in
    leakwatch) "$LW" --version ;;
    gitleaks | betterleaks) "$PB/$1" version ;;
    *) "$PB/$1" --version ;;
  esac 2>/dev/null | head -n 1
}
VERSION[leakwatch]="$(tool_version leakwatch) ($LW_ORIGIN)"
for t in "${PEER_TOOLS[@]}"; do
  if [ -x "$PB/$t" ] && v="$(tool_version "$t")" && [ -n "$v" ]; then
    VERSION[$t]="$v"
  else
    VERSION[$t]="not installed"
    log "$t: not installed"
  fi
done
installed() { [ "$1" = leakwatch ] || [ "$1" = git ] || [ "${VERSION[$1]:-not installed}" != "not installed" ]; }
slow_tool() { [ "$1" = ripsecrets ] || [ "$1" = detect-secrets ]; }

# ---------------------------------------------------------------------------------------------
# Scratch inputs: a bare clone (history), a clone with one staged file, three files, 2× and 4× tree
# ---------------------------------------------------------------------------------------------
fake_token() { printf 'ghp_%s' "$(head -c 600 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 36)"; }
TREE_BYTES="$(find "$TREE" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.0f", s}')"
TREE_FILES="$(find "$TREE" -type f | wc -l)"
BARE="$WORK/history.git"
git clone -q --bare "$HISTORY" "$BARE"
read -r HIST_BLOBS HIST_BYTES < <(git -C "$BARE" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' \
  | awk '$1=="blob"{n++; s+=$2} END {printf "%d %.0f\n", n, s}')
HIST_COMMITS="$(git -C "$BARE" rev-list --all --count)"
HIST_PACK="$(du -sb "$BARE/objects" | cut -f1)"

# A long history (thousands of commits, many versions of each file) built from real code of tree/.
LONG="$WORK/long-history.git"
LONG_SOURCE="$(find "$TREE" -mindepth 1 -maxdepth 1 -type d -name 'sympy*' | sort | head -n 1)"
[ -n "$LONG_SOURCE" ] || LONG_SOURCE="$(find "$TREE" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)"
LONG_COMMITS_WANTED="${LONG_COMMITS:-5000}"
python3 "$ROOT/scripts/make-long-history.py" "$LONG_SOURCE" "$LONG" "$LONG_COMMITS_WANTED" >/dev/null
read -r LONG_BLOBS LONG_BYTES < <(git -C "$LONG" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' \
  | awk '$1=="blob"{n++; s+=$2} END {printf "%d %.0f\n", n, s}')
LONG_COMMITS="$(git -C "$LONG" rev-list --all --count)"
LONG_PACK="$(du -sb "$LONG/objects" | cut -f1)"

CLONE="$WORK/clone"
STAGED_FILE="django/__init__.py"
git clone -q "$HISTORY" "$CLONE"
[ -f "$CLONE/$STAGED_FILE" ] || STAGED_FILE="$(git -C "$CLONE" ls-files '*.py' | head -n 1)"
printf '\n# leakwatch benchmark: a staged one-file change\nGITHUB_TOKEN = "%s"\n' "$(fake_token)" >>"$CLONE/$STAGED_FILE"
git -C "$CLONE" add "$STAGED_FILE"
CLONE_FILES="$(git -C "$CLONE" ls-files | wc -l)"

SMALL="$WORK/three-files"
mkdir -p "$SMALL"
printf 'import os\n\nAPI_URL = "https://api.example.com"\nTOKEN = "%s"\n\n\ndef main():\n    print(os.environ.get("HOME"))\n' "$(fake_token)" >"$SMALL/app.py"
printf 'DEBUG=1\nDB_HOST=localhost\nDB_PORT=5432\n' >"$SMALL/settings.env"
printf '# demo\n\nA three-file project used to time start-up.\n' >"$SMALL/README.md"

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------
# build TOOL MODE TARGET THREADS BASE: sets CMD (argv), CWD, STDOUT (where stdout goes) and
# REPORT (the file the findings are read from). Modes: dir, history, staged, version, floor, log, diff.
build() {
  local tool="$1" mode="$2" target="$3" j="$4" base="$5"
  CWD="" STDOUT=/dev/null REPORT="$base.json" # CWD "": the command does not depend on it
  case "$tool:$mode" in
    leakwatch:dir) CMD=("$LW" scan "$target" --threads "$j" -f json -o "$REPORT") ;;
    leakwatch:history) CMD=("$LW" history "$target" --threads "$j" -f json -o "$REPORT") ;;
    leakwatch:staged) CWD="$target" CMD=("$LW" staged --threads "$j" -f json -o "$REPORT") ;;
    leakwatch:version) CMD=("$LW" --version) ;;
    gitleaks:dir) CMD=(env "GOMAXPROCS=$j" "$PB/gitleaks" dir "$target" --no-banner --no-color -f json -r "$REPORT" --exit-code 0) ;;
    gitleaks:history) CMD=(env "GOMAXPROCS=$j" "$PB/gitleaks" git "$target" --no-banner --no-color -f json -r "$REPORT" --exit-code 0) ;;
    gitleaks:staged) CWD="$target" CMD=(env "GOMAXPROCS=$j" "$PB/gitleaks" git --staged . --no-banner --no-color -f json -r "$REPORT" --exit-code 0) ;;
    betterleaks:dir) CMD=(env "GOMAXPROCS=$j" "$PB/betterleaks" fs "$target" -j "$j" --max-archive-depth=0 --no-banner --no-color -o "$REPORT" --exit-code 0) ;;
    betterleaks:history) CMD=(env "GOMAXPROCS=$j" "$PB/betterleaks" git "$target" -j "$j" --max-archive-depth=0 --no-banner --no-color -o "$REPORT" --exit-code 0) ;;
    betterleaks:staged) CWD="$target" CMD=(env "GOMAXPROCS=$j" "$PB/betterleaks" git --staged . -j "$j" --max-archive-depth=0 --no-banner --no-color -o "$REPORT" --exit-code 0) ;;
    kingfisher:dir | kingfisher:history) CMD=("$PB/kingfisher" scan "$target" -j "$j" -n --no-update-check -q --no-extract-archives -f json -o "$REPORT") ;;
    kingfisher:staged) CWD="$target" CMD=("$PB/kingfisher" scan . --staged -j "$j" -n --no-update-check -q --no-extract-archives -f json -o "$REPORT") ;;
    ripsecrets:dir) STDOUT="$base.out" REPORT="$base.out" CMD=("$PB/ripsecrets" "$target") ;;
    ripsecrets:staged) CWD="$target" STDOUT="$base.out" REPORT="$base.out" CMD=("$PB/ripsecrets" --strict-ignore "$STAGED_FILE") ;;
    # detect-secrets silently reports nothing for a path outside the working directory.
    detect-secrets:dir) CWD="$target" STDOUT="$base.json" CMD=("$PB/detect-secrets" scan --all-files .) ;;
    detect-secrets:staged) CWD="$target" STDOUT="$base.out" REPORT="$base.out" CMD=("$DS_HOOK" "$STAGED_FILE") ;;
    git:floor) CMD=(git -C "$target" cat-file --batch-all-objects --batch) ;;
    git:log) CMD=(git -C "$target" log -p --all) ;;
    git:diff) CWD="$target" CMD=(git diff --cached) ;;
    *) return 1 ;;
  esac
}

# Shortened command for the report.
show_cmd() {
  local s
  s="$(printf '%q ' "${CMD[@]}")"
  s="${s% }"
  s="${s//"$PB"\//}"
  s="${s//"$LW"/leakwatch}"
  s="${s//"$DS_HOOK"/detect-secrets-hook}"
  s="${s//"$WORK"\/out\//}"
  s="${s//"$WORK"/\$WORK}"
  s="${s//"$CORPUS"/\$CORPUS}"
  [ "$STDOUT" = /dev/null ] || s="$s > ${STDOUT##*/}"
  [ -z "$CWD" ] || s="(cd ${CWD//$WORK/\$WORK} && $s)"
  s="${s//"$CORPUS"/\$CORPUS}"
  printf '%s' "$s"
}

# Output files are named after the row: scenario and a slug of the label.
base() { printf '%s/out/%s.%s' "$WORK" "$1" "$(printf '%s' "$2" | tr -cs 'A-Za-z0-9' '-' | sed 's/-$//')"; }

# register SCEN LABEL TOOL MODE TARGET THREADS: records the row (for the report) and its command.
register() {
  local scen="$1" label="$2" tool="$3" kind=peer
  case "$tool" in leakwatch) kind=self ;; git) kind=ref ;; esac
  if ! installed "$tool"; then
    printf '%s\t%s\t%s\tmissing\n' "$scen" "$label" "$tool" >>"$WORK/meta.tsv"
    return 1
  fi
  build "$tool" "$4" "$5" "$6" "$(base "$scen" "$label")"
  printf '%s\t%s\t%s\t%s\n' "$scen" "$label" "$tool" "$kind" >>"$WORK/meta.tsv"
  printf '%s\t%s\t%s\n' "$scen" "$label" "$(show_cmd)" >>"$WORK/cmds.tsv"
}

# run_once SCEN LABEL TOOL MODE TARGET THREADS LIMIT: one timed run, one row in res.tsv.
run_once() {
  local scen="$1" label="$2" tool="$3" limit="$7" tf="$WORK/time.txt" rc=0 status wall u s cpu rss b
  b="$(base "$scen" "$label")"
  build "$tool" "$4" "$5" "$6" "$b"
  rm -f "$tf"
  (cd "${CWD:-$WORK}" && exec /usr/bin/time -f '%e %U %S %M' -o "$tf" timeout -k 5 "$limit" "${CMD[@]}" \
    >"$STDOUT" 2>"$b.err") || rc=$?
  read -r wall u s rss < <(tail -n 1 "$tf" 2>/dev/null || echo "0 0 0 0")
  cpu="$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')"
  case "$rc" in
    0 | 1 | 200 | 205) status=ok ;;
    124 | 137) status="timeout:$limit" ;;
    *) status="error:$rc"
       log "$label: exit status $rc"; tail -n 3 "$b.err" | sed 's/^/    /' >&2 || true ;;
  esac
  printf '%s\t%s\ttime\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scen" "$label" "$wall" "$wall" "$wall" "$cpu" "$rss" "$status" >>"$WORK/res.tsv"
  log "  $label: ${wall}s wall, ${cpu}s CPU, $((rss / 1024)) MiB, $status"
  [ "$status" = ok ]
}

# findings SCEN LABEL TOOL MODE: counts the findings of the last run (and what the tool says it read).
findings() {
  local b
  b="$(base "$1" "$2")"
  build "$3" "$4" . 1 "$b"
  printf '%s\t%s\t%s\n' "$1" "$2" "$(python3 "$WORK/report.py" findings "$3" "$4" "$REPORT" "$b.err")" >>"$WORK/fnd.tsv"
}

median_wall() { python3 "$WORK/report.py" median "$1" "$2"; }

# loop_scenario SCEN ROWS...: ROWS are "label|tool|mode|target|threads"; REPS rounds, each running
# every row once (slow tools: SLOW_REPS rounds, capped relative to the first leakwatch row).
loop_scenario() {
  local scen="$1" row label tool mode target j rep limit lwref="" reps
  shift
  printf '%s\t%s\n' "$scen" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/load.tsv"
  local -a live=()
  for row in "$@"; do
    IFS='|' read -r label tool mode target j <<<"$row"
    register "$scen" "$label" "$tool" "$mode" "$target" "$j" && live+=("$row")
  done
  for ((rep = 1; rep <= REPS; rep++)); do
    log "$scen: round $rep/$REPS"
    for row in "${live[@]}"; do
      IFS='|' read -r label tool mode target j <<<"$row"
      limit="$TIMEOUT" reps="$REPS"
      if slow_tool "$tool"; then
        reps="$SLOW_REPS"
        [ -n "$lwref" ] && limit="$(awk -v w="$lwref" -v f="$SLOW_FACTOR" -v m="$SLOW_MIN" 'BEGIN {l = w * f; if (l < m) l = m; printf "%d", l + 0.999}')"
      fi
      ((rep <= reps)) || continue
      # A tool that timed out once is not run again.
      grep -q "^$scen	$label	time	.*	timeout" "$WORK/res.tsv" 2>/dev/null && continue
      run_once "$scen" "$label" "$tool" "$mode" "$target" "$j" "$limit" || true
      [ "$tool" = leakwatch ] && [ -z "$lwref" ] && lwref="$(median_wall "$scen" "$label")"
    done
  done
  report_findings "$scen" "${live[@]}"
}

# report_findings SCEN ROWS...: the findings count of each row's last run.
report_findings() {
  local scen="$1" row label tool mode target j
  shift
  for row in "$@"; do
    IFS='|' read -r label tool mode target j <<<"$row"
    findings "$scen" "$label" "$tool" "$mode"
  done
}

# hf_scenario SCEN CWD ROWS...: hyperfine -N (wall median, mean CPU) in CWD, then REPS timed runs
# of each row for peak RSS and findings.
hf_scenario() {
  local scen="$1" cwd="$2" row label tool mode target j rep
  shift 2
  printf '%s\t%s\n' "$scen" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/load.tsv"
  local -a live=() hf=()
  for row in "$@"; do
    IFS='|' read -r label tool mode target j <<<"$row"
    if register "$scen" "$label" "$tool" "$mode" "$target" "$j"; then
      # hyperfine -N runs every command in one directory.
      [ -z "$CWD" ] || [ "$CWD" = "$cwd" ] || die "$label must run in $CWD, not $cwd"
      live+=("$row")
      hf+=(-n "$label" "$(printf '%q ' "${CMD[@]}")")
    fi
  done
  log "$scen: hyperfine, ${#live[@]} commands"
  (cd "$cwd" && hyperfine -N -i --style basic --warmup 3 --min-runs "$MIN_RUNS" \
    --export-json "$WORK/hf/$scen.json" "${hf[@]}" >"$WORK/hf/$scen.txt" 2>&1) \
    || { log "hyperfine failed:"; tail -n 5 "$WORK/hf/$scen.txt" >&2; }
  python3 "$WORK/report.py" hyperfine "$scen" "$WORK/hf/$scen.json" >>"$WORK/res.tsv" || true
  for ((rep = 1; rep <= REPS; rep++)); do
    for row in "${live[@]}"; do
      IFS='|' read -r label tool mode target j <<<"$row"
      run_once "$scen" "$label" "$tool" "$mode" "$target" "$j" 120 >/dev/null 2>&1 || true
    done
  done
  report_findings "$scen" "${live[@]}"
}

# ---------------------------------------------------------------------------------------------
# Report helper (medians, findings, tables)
# ---------------------------------------------------------------------------------------------
cat >"$WORK/report.py" <<'PY'
import json, os, re, statistics, sys

W = os.environ["WORK"]

def tsv(name):
    try:
        with open(os.path.join(W, name)) as f:
            return [l.rstrip("\n").split("\t") for l in f if l.strip()]
    except FileNotFoundError:
        return []

def load(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()

ANSI = re.compile(r"\x1b\[[0-9;]*m")

def size(b):
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b:.0f} bytes"

def findings(tool, mode, report, err):
    """Prints 'count<TAB>what the tool says it scanned'."""
    n, scanned = "?", ""
    try:
        if tool == "leakwatch":
            if mode == "version":
                print("—\t"); return
            d = json.loads(load(report)); st = d.get("stats", {})
            n = len(d["findings"])
            scanned = f"{size(st.get('bytes', 0))} in {st.get('scanned', 0)} files/blobs"
        elif tool == "gitleaks":
            n = len(json.loads(load(report)))
        elif tool == "betterleaks":
            n = len(json.loads(load(report))["findings"])
        elif tool == "kingfisher":
            d = json.loads(load(report)); n = len(d["findings"])
            reps = d.get("audit", {}).get("repositories", [])
            b = sum(r.get("stats", {}).get("bytes_scanned", 0) for r in reps)
            k = sum(r.get("stats", {}).get("blobs_scanned", 0) for r in reps)
            scanned = f"{size(b)} in {k} blobs"
        elif tool == "ripsecrets":
            n = sum(1 for l in load(report).splitlines() if l.strip())
        elif tool == "detect-secrets":
            if mode == "staged":
                n = load(report).count("Secret Type:")
            else:
                n = sum(len(v) for v in json.loads(load(report))["results"].values())
        else:
            print("—\t"); return
    except (OSError, ValueError, KeyError, TypeError) as e:
        n = f"? ({type(e).__name__})"
    if tool in ("gitleaks", "betterleaks") and os.path.exists(err):
        m = re.search(r"scanned ~(\d+) bytes", ANSI.sub("", load(err)))
        if m:
            scanned = size(int(m.group(1)))
    print(f"{n}\t{scanned}")

def hyperfine(scen, path):
    for r in json.loads(load(path))["results"]:
        codes = set(r.get("exit_codes") or [0])
        status = "ok" if codes <= {0, 1, 200, 205} else "error:" + ",".join(map(str, sorted(codes)))
        print("\t".join([scen, r["command"], "hf", f"{r['median']:.6f}", f"{r['min']:.6f}",
                         f"{r['max']:.6f}", f"{r['user'] + r['system']:.6f}", "", status]))

class Row:
    def __init__(self, scen, label, tool, kind):
        self.scen, self.label, self.tool, self.kind = scen, label, tool, kind
        res = [r for r in tsv("res.tsv") if r[0] == scen and r[1] == label]
        timed = [r for r in res if r[2] == "time"]
        hf = [r for r in res if r[2] == "hf"]
        ok = [r for r in timed if r[8] == "ok"]
        bad = [r[8] for r in res if r[8] != "ok"]
        self.runs = len(ok)
        self.status = "missing" if kind == "missing" else (bad[0] if bad else ("ok" if res else "not run"))
        med = lambda xs: statistics.median(xs) if xs else None
        if hf and hf[0][8] == "ok":
            self.wall, self.wmin, self.wmax, self.cpu = (float(x) for x in hf[0][3:7])
            self.runs = "hyperfine"
        else:
            self.wall = med([float(r[3]) for r in ok])
            self.wmin = min((float(r[3]) for r in ok), default=None)
            self.wmax = max((float(r[3]) for r in ok), default=None)
            self.cpu = med([float(r[6]) for r in ok])
        self.rss = med([float(r[7]) / 1024 for r in ok if r[7]])
        f = [r for r in tsv("fnd.tsv") if r[0] == scen and r[1] == label]
        self.findings, self.scanned = (f[-1][2], f[-1][3]) if f else ("", "")
    @property
    def ok(self):
        return self.status == "ok" and self.wall is not None

def rows(scen):
    seen, out = set(), []
    for m in tsv("meta.tsv"):
        if m[0] == scen and m[1] not in seen:
            seen.add(m[1]); out.append(Row(*m[:4]))
    return out

def row(scen, label):
    return next((r for r in rows(scen) if r.label == label), None)

def fastest_peer(scen):
    peers = [r for r in rows(scen) if r.kind == "peer" and r.ok]
    return min(peers, key=lambda r: r.wall) if peers else None

def fmt_t(x, ms):
    if x is None: return "—"
    return f"{x * 1000:.1f} ms" if ms else f"{x:.2f}"

def status_text(r):
    if r.status == "missing": return "not installed"
    if r.status.startswith("timeout:"): return f"timeout (> {r.status.split(':')[1]} s)"
    if r.status.startswith("error:"): return f"error (exit {r.status.split(':')[1]})"
    return r.status

def table(scen, nbytes, ms=False):
    nbytes = float(nbytes)
    unit = "" if ms else " (s)"
    print(f"| tool and mode | wall, median{unit} | min–max | CPU user+sys{unit} | peak RSS (MiB) | MB/s | findings | read, as the tool reports it | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows(scen):
        if not r.ok:
            print(f"| {r.label} | {status_text(r)} | | | | | | | |")
            continue
        mbs = f"{nbytes / 1e6 / r.wall:.1f}" if nbytes and r.wall else "—"
        rng = f"{fmt_t(r.wmin, ms)}–{fmt_t(r.wmax, ms)}"
        rss = f"{r.rss:.0f}" if r.rss is not None else "—"
        label = f"**{r.label}**" if r.kind == "self" else r.label
        print(f"| {label} | {fmt_t(r.wall, ms)} | {rng} | {fmt_t(r.cpu, ms)} | {rss} | {mbs} | {r.findings} | {r.scanned} | {r.runs} |")

def ratio(a, b):
    return a / b if a and b else None

def verdict(ok):
    return "met" if ok else "**missed**"

def cpu_note(a, b):
    return f" (CPU: {a.cpu / b.cpu:.2f}×)" if a.cpu and b.cpu else ""

def targets(dir_lw, hist_lw, floor, staged_lw, gitdiff, start_lw, version):
    """The verdicts use wall times; the CPU ratio is given too, since load inflates wall times."""
    print("| target | measured (ratio of median wall times; of CPU times in brackets) | verdict |")
    print("|---|---|---|")
    for scen, lwl, name in (("dir", dir_lw, "Directory scan"), ("history", hist_lw, "History scan"),
                            ("longhist", hist_lw, "Long history scan")):
        lw, fp = row(scen, lwl), fastest_peer(scen)
        if lw and lw.ok and fp:
            s = fp.wall / lw.wall
            print(f"| {name}: ≥ 2× faster than the fastest peer | {lw.wall:.2f} s vs {fp.label} {fp.wall:.2f} s: "
                  f"{s:.2f}× faster{cpu_note(fp, lw)} | {verdict(s >= 2)} |")
        elif lw and lw.ok:
            print(f"| {name}: ≥ 2× faster than the fastest peer | no peer finished | — |")
        else:
            print(f"| {name}: ≥ 2× faster than the fastest peer | leakwatch: {status_text(lw) if lw else 'not run'} | **missed** |")
    for scen, name in (("history", "History"), ("longhist", "Long history")):
        lw, fl = row(scen, hist_lw), row(scen, floor)
        if lw and fl and lw.ok and fl.ok:
            q = lw.wall / fl.wall
            print(f"| {name}: within about 2× of `git cat-file --batch-all-objects --batch` (issue 4: 3×) | "
                  f"{lw.wall:.2f} s vs {fl.wall:.2f} s: {q:.2f}×{cpu_note(lw, fl)} | "
                  f"{verdict(q <= 2)} (3×: {verdict(q <= 3)}) |")
    lw, gd = row("staged", staged_lw), row("staged", gitdiff)
    if lw and gd and lw.ok and gd.ok:
        q = lw.wall / gd.wall
        print(f"| Staged: within 1.5× of `git diff --cached` | {lw.wall * 1000:.1f} ms vs {gd.wall * 1000:.1f} ms: "
              f"{q:.2f}×{cpu_note(lw, gd)} | {verdict(q <= 1.5)} |")
    lw, v = row("startup", start_lw), row("startup", version)
    if lw and v and lw.ok and v.ok:
        q = lw.wall / v.wall
        print(f"| Start-up: three files within 2× of `leakwatch --version` | {lw.wall * 1000:.1f} ms vs "
              f"{v.wall * 1000:.1f} ms: {q:.2f}×{cpu_note(lw, v)} | {verdict(q <= 2)} |")
        print(f"| Start-up: three files well under 50 ms (here: under 25 ms) | {lw.wall * 1000:.1f} ms "
              f"(CPU {lw.cpu * 1000:.1f} ms) | {verdict(lw.wall < 0.025)} |")
    for scen, lwl, name in (("dir", dir_lw, "directory"), ("history", hist_lw, "history"),
                            ("longhist", hist_lw, "long history"),
                            ("staged", staged_lw, "staged"), ("startup", start_lw, "start-up")):
        lw = row(scen, lwl)
        peers = [r for r in rows(scen) if r.kind == "peer" and r.ok and r.rss is not None]
        if lw and lw.ok and lw.rss is not None and peers:
            lo = min(peers, key=lambda r: r.rss)
            print(f"| Peak RSS, {name}: ≤ the lowest peer's | {lw.rss:.0f} MiB vs {lo.label} {lo.rss:.0f} MiB | {verdict(lw.rss <= lo.rss)} |")

if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "findings": findings(*args)
    elif cmd == "hyperfine": hyperfine(*args)
    elif cmd == "median":
        r = row(*args); print(f"{r.wall:.3f}" if r and r.ok else "")
    elif cmd == "fastest":
        r = fastest_peer(args[0]); print(r.tool if r else "")
    elif cmd == "table": table(args[0], args[1], len(args) > 2 and args[2] == "ms")
    elif cmd == "targets": targets(*args)
PY
export WORK

# ---------------------------------------------------------------------------------------------
# Warm-up: page cache for the inputs, rule caches (kingfisher compiles its rules once per version)
# ---------------------------------------------------------------------------------------------
log "warm-up"
find "$TREE" -type f -print0 | xargs -0 cat >/dev/null 2>&1 || true
git -C "$BARE" cat-file --batch-all-objects --batch >/dev/null
for t in leakwatch "${PEER_TOOLS[@]}"; do
  installed "$t" || continue
  build "$t" dir "$SMALL" "$THREADS" "$WORK/out/warmup.$t"
  (cd "${CWD:-$WORK}" && timeout 300 "${CMD[@]}" >"$STDOUT" 2>/dev/null) || true
done

# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------
J="$THREADS"
log "1. directory scan of $TREE"
loop_scenario dir \
  "leakwatch scan|leakwatch|dir|$TREE|$J" \
  "gitleaks dir|gitleaks|dir|$TREE|$J" \
  "betterleaks fs|betterleaks|dir|$TREE|$J" \
  "kingfisher scan|kingfisher|dir|$TREE|$J" \
  "ripsecrets|ripsecrets|dir|$TREE|$J" \
  "detect-secrets scan --all-files|detect-secrets|dir|$TREE|$J"

log "2. history of $HISTORY (bare clone)"
loop_scenario history \
  "leakwatch history|leakwatch|history|$BARE|$J" \
  "gitleaks git|gitleaks|history|$BARE|$J" \
  "betterleaks git|betterleaks|history|$BARE|$J" \
  "kingfisher scan (bare repository)|kingfisher|history|$BARE|$J" \
  "git cat-file --batch-all-objects --batch (floor)|git|floor|$BARE|$J" \
  "git log -p --all (what log-based scanners read)|git|log|$BARE|$J"

log "2b. long history: $LONG_COMMITS commits"
loop_scenario longhist \
  "leakwatch history|leakwatch|history|$LONG|$J" \
  "gitleaks git|gitleaks|history|$LONG|$J" \
  "betterleaks git|betterleaks|history|$LONG|$J" \
  "kingfisher scan (bare repository)|kingfisher|history|$LONG|$J" \
  "git cat-file --batch-all-objects --batch (floor)|git|floor|$LONG|$J" \
  "git log -p --all (what log-based scanners read)|git|log|$LONG|$J"

log "3. pre-commit: one staged file in a clone of $HISTORY"
hf_scenario staged "$CLONE" \
  "leakwatch staged|leakwatch|staged|$CLONE|$J" \
  "git diff --cached|git|diff|$CLONE|$J" \
  "gitleaks git --staged|gitleaks|staged|$CLONE|$J" \
  "betterleaks git --staged|betterleaks|staged|$CLONE|$J" \
  "kingfisher scan --staged|kingfisher|staged|$CLONE|$J" \
  "ripsecrets (staged file name)|ripsecrets|staged|$CLONE|$J" \
  "detect-secrets-hook (staged file name)|detect-secrets|staged|$CLONE|$J"

log "4. start-up: three files"
hf_scenario startup "$SMALL" \
  "leakwatch scan|leakwatch|dir|$SMALL|$J" \
  "leakwatch --version|leakwatch|version|$SMALL|$J" \
  "gitleaks dir|gitleaks|dir|$SMALL|$J" \
  "betterleaks fs|betterleaks|dir|$SMALL|$J" \
  "kingfisher scan|kingfisher|dir|$SMALL|$J" \
  "ripsecrets|ripsecrets|dir|$SMALL|$J" \
  "detect-secrets scan --all-files|detect-secrets|dir|$SMALL|$J"

log "5. scaling"
FAST_DIR="$(python3 "$WORK/report.py" fastest dir)"
FAST_HIST="$(python3 "$WORK/report.py" fastest history)"
[ "$SCALE_PEER" = 1 ] || FAST_DIR="" FAST_HIST=""
declare -A DIRLABEL=([gitleaks]="gitleaks dir" [betterleaks]="betterleaks fs" [kingfisher]="kingfisher scan" [ripsecrets]="ripsecrets" [detect-secrets]="detect-secrets scan --all-files")
declare -A HISTLABEL=([gitleaks]="gitleaks git" [betterleaks]="betterleaks git" [kingfisher]="kingfisher scan (bare repository)")
# Each comparison is measured again within its own rounds (1 and J threads side by side; 1×, 2×,
# 4× side by side), not taken from scenarios 1 and 2, which ran at another time and load.
threads_rows=()
for j in 1 "$J"; do
  threads_rows+=("leakwatch scan, $j thread(s)|leakwatch|dir|$TREE|$j" "leakwatch history, $j thread(s)|leakwatch|history|$BARE|$j")
  [ -n "$FAST_DIR" ] && threads_rows+=("${DIRLABEL[$FAST_DIR]}, $j thread(s)|$FAST_DIR|dir|$TREE|$j")
  [ -n "$FAST_HIST" ] && threads_rows+=("${HISTLABEL[$FAST_HIST]}, $j thread(s)|$FAST_HIST|history|$BARE|$j")
done
loop_scenario threads "${threads_rows[@]}"

log "copying tree/ four times side by side"
mkdir -p "$WORK/x4" "$WORK/x2"
for i in 1 2 3 4; do cp -r "$TREE" "$WORK/x4/$i"; done
cp -al "$WORK/x4/1" "$WORK/x2/1"
cp -al "$WORK/x4/2" "$WORK/x2/2"
size_rows=("leakwatch scan, 1×|leakwatch|dir|$TREE|$J" "leakwatch scan, 2×|leakwatch|dir|$WORK/x2|$J" "leakwatch scan, 4×|leakwatch|dir|$WORK/x4|$J")
[ -n "$FAST_DIR" ] && size_rows+=("${DIRLABEL[$FAST_DIR]}, 1×|$FAST_DIR|dir|$TREE|$J" "${DIRLABEL[$FAST_DIR]}, 2×|$FAST_DIR|dir|$WORK/x2|$J" "${DIRLABEL[$FAST_DIR]}, 4×|$FAST_DIR|dir|$WORK/x4|$J")
loop_scenario size "${size_rows[@]}"
rm -rf "$WORK/x2" "$WORK/x4"
END_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
ELAPSED=$((SECONDS - START_SECS))

# ---------------------------------------------------------------------------------------------
# BENCHMARKS.md
# ---------------------------------------------------------------------------------------------
R() { python3 "$WORK/report.py" "$@"; }
mib() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1e6}'; }
scaling_table() { # rows of "label|scenario|row label|input bytes"
  echo "| run | threads | input (MB) | wall, median (s) | CPU user+sys (s) | peak RSS (MiB) | MB/s | findings |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  python3 - "$@" <<'PY'
import sys
sys.path.insert(0, __import__("os").environ["WORK"])
from report import row, status_text
for spec in sys.argv[1:]:
    name, j, scen, label, nbytes = spec.split("|")
    r = row(scen, label)
    if r is None: continue
    if not r.ok:
        print(f"| {name} | {j} | {float(nbytes)/1e6:.0f} | {status_text(r)} | | | | |"); continue
    print(f"| {name} | {j} | {float(nbytes)/1e6:.0f} | {r.wall:.2f} | {r.cpu:.2f} | {r.rss:.0f} | {float(nbytes)/1e6/r.wall:.1f} | {r.findings} |")
PY
}

threads_specs=() size_specs=()
for j in 1 "$J"; do
  threads_specs+=("leakwatch scan|$j|threads|leakwatch scan, $j thread(s)|$TREE_BYTES")
  [ -n "$FAST_DIR" ] && threads_specs+=("${DIRLABEL[$FAST_DIR]}|$j|threads|${DIRLABEL[$FAST_DIR]}, $j thread(s)|$TREE_BYTES")
done
for j in 1 "$J"; do
  threads_specs+=("leakwatch history|$j|threads|leakwatch history, $j thread(s)|$HIST_BYTES")
  [ -n "$FAST_HIST" ] && threads_specs+=("${HISTLABEL[$FAST_HIST]}|$j|threads|${HISTLABEL[$FAST_HIST]}, $j thread(s)|$HIST_BYTES")
done
for t in leakwatch "$FAST_DIR"; do
  [ -n "$t" ] || continue
  l="leakwatch scan"
  [ "$t" = leakwatch ] || l="${DIRLABEL[$t]}"
  for k in 1 2 4; do size_specs+=("$l|$J|size|$l, $k×|$((TREE_BYTES * k))"); done
done

commands() { # commands SCEN
  awk -F'\t' -v s="$1" '$1 == s {printf "%s\n", $3}' "$WORK/cmds.tsv"
}

cpu_model="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
mem_total="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
{
  cat <<EOF
# Benchmarks

Generated by \`scripts/bench.sh\` (issue 7) on $START_DATE in $((ELAPSED / 60)) min: every tool on the
same inputs, in the same run, with $THREADS threads. Loop scenarios: median of $REPS rounds (each
round runs every tool once; ripsecrets and detect-secrets, much slower, $SLOW_REPS round(s), stopped
after max($SLOW_FACTOR× leakwatch, $SLOW_MIN s)). Millisecond scenarios: hyperfine -N (median wall
time, mean CPU), plus $REPS runs under \`/usr/bin/time\` for peak RSS and findings. MB/s = input bytes
(below) / median wall time, the same denominator for every tool. Page cache warm.

To regenerate: \`scripts/bench.sh\` (or \`LEAKWATCH=path/to/leakwatch REPS=5 scripts/bench.sh\`).

## Machine and load

- CPU: $cpu_model, $(nproc) cores online; memory $mem_total; kernel $(uname -sr); $(git --version); $(hyperfine --version).
- Load average (1, 5, 15 min): $START_LOAD at the start, $END_LOAD at the end; at each scenario's start:
$(awk -F'\t' '{printf "  %s %s;", $1, $2}' "$WORK/load.tsv")
EOF
  if [ -n "$NOTE" ]; then printf '\n%s\n' "$NOTE"; fi
  cat <<EOF

## Versions

| tool | version |
|---|---|
$(for t in leakwatch "${PEER_TOOLS[@]}"; do printf '| %s | %s |\n' "$t" "${VERSION[$t]}"; done)

## Inputs

- \`tree/\`: $TREE_FILES files, $(mb "$TREE_BYTES") MB ($(mib "$TREE_BYTES") MiB): $(find "$TREE" -mindepth 1 -maxdepth 1 -printf '%f ' | sed 's/ $//') (sdists from PyPI).
- \`history/\`: $HIST_COMMITS commits (successive Django releases), $HIST_BLOBS unique blobs, $(mb "$HIST_BYTES") MB of blob
  bytes, $(mib "$HIST_PACK") MiB packed. Scanned through a bare clone, so that no tool also scans a work tree.
- Staged: a clone of \`history/\` ($CLONE_FILES tracked files) with \`$STAGED_FILE\` changed (two lines appended,
  one holding a fake GitHub token) and staged.
- Start-up: three small files (\`app.py\` with a fake GitHub token, \`settings.env\`, \`README.md\`).

The staged change and the three files each hold one planted token: a tool reporting 0 there did not
scan what it was given.

## Against the targets of issue 7

$(R targets "leakwatch scan" "leakwatch history" "git cat-file --batch-all-objects --batch (floor)" "leakwatch staged" "git diff --cached" "leakwatch scan" "leakwatch --version")

## 1. Directory scan of \`tree/\` ($(mb "$TREE_BYTES") MB)

$(R table dir "$TREE_BYTES")

## 2. Full history of \`history/\` ($(mb "$HIST_BYTES") MB of unique blob bytes)

$(R table history "$HIST_BYTES")

gitleaks and betterleaks read \`git log -p\` (the added lines of every commit's diff: what they report
as read); leakwatch and kingfisher read every unique blob once. MB/s is unique blob bytes / time for all.

## 2b. Long history: $LONG_COMMITS commits ($(mb "$LONG_BYTES") MB of unique blob bytes)

$(R table longhist "$LONG_BYTES")

Built by \`scripts/make-long-history.py\` from \`${LONG_SOURCE##*/}\` (real code): each commit adds one or
two of its files or inserts a line into up to three files already added; $LONG_BLOBS unique blobs,
$(mib "$LONG_PACK") MiB packed. This is the shape of a real project's history (many small commits,
many versions of each file), where per-commit costs show.

## 3. Pre-commit: one staged file

$(R table staged 0 ms)

ripsecrets and detect-secrets have no staged mode; they are timed as the pre-commit framework runs
them, on the staged file's name (they read the working-tree file, not the index).

## 4. Start-up: three files, every built-in rule

$(R table startup 0 ms)

## 5. Scaling

Fastest peer: $( [ -n "$FAST_DIR" ] && echo "${DIRLABEL[$FAST_DIR]} (directory)" || echo "none")$( [ -n "$FAST_HIST" ] && echo ", ${HISTLABEL[$FAST_HIST]} (history)"). 2× and 4×: copies of \`tree/\` side by side.

Threads (\`tree/\` and \`history/\`, 1 and $J threads in the same rounds):

$(scaling_table "${threads_specs[@]}")

Input size (\`tree/\` once, twice and four times, $J threads, in the same rounds):

$(scaling_table "${size_specs[@]}")

## Flags chosen for fairness

- Threads: \`--threads $J\` (leakwatch), \`-j $J\` (kingfisher, betterleaks), \`GOMAXPROCS=$J\` for the Go tools
  (gitleaks has no thread flag); ripsecrets and detect-secrets have no flag and use every core ($(nproc) here).
- No network: kingfisher \`-n --no-update-check\`; no tool validates secrets.
- No archive extraction (leakwatch does none): kingfisher \`--no-extract-archives\`, betterleaks
  \`--max-archive-depth=0\` (gitleaks' default is 0).
- Default rules and confidence for every tool (kingfisher reports medium confidence and up by
  default; leakwatch, gitleaks and betterleaks report everything they keep), so findings counts differ
  by design: they show that each tool read the input, not which is right.
- kingfisher caches its compiled rules under \`~/.cache/kingfisher\`; the warm-up run fills that cache.

## Commands

Paths: \`\$CORPUS\` = $CORPUS, \`\$WORK\` = the run's scratch directory; peers from \`$PB\`.
Every command runs under \`/usr/bin/time -f '%e %U %S %M' timeout -k 5 LIMIT …\`; scenarios 3 and 4
also under \`hyperfine -N -i --warmup 3 --min-runs $MIN_RUNS\` (from the clone for scenario 3).

\`\`\`sh
# 1. directory
$(commands dir)
# 2. history (\$WORK/history.git = git clone --bare \$CORPUS/history)
$(commands history)
# 2b. long history (\$WORK/long-history.git = scripts/make-long-history.py \$CORPUS/tree/${LONG_SOURCE##*/} … $LONG_COMMITS_WANTED)
$(commands longhist)
# 3. staged (in \$WORK/clone)
$(commands staged)
# 4. start-up
$(commands startup)
# 5. scaling
$(commands threads)
$(commands size)
\`\`\`
EOF
} >"$OUT"
log "wrote $OUT ($((ELAPSED / 60)) min)"

#!/usr/bin/env bash
# The package as a user gets it: `npm pack` (its prepack builds), the tarball installed with
# --ignore-scripts into a temporary prefix, then every mode run from that prefix — as root and as
# `nobody` — and the dashboard drawn in tmux with its header on the first line. Nothing may be
# written under the prefix meanwhile (the old dashboard patched node_modules/ink at run time).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/svtui-pkg.XXXXXX)
chmod 755 "$work"
tmux_sock="$work/nobody/tmux.sock"
as_nobody=()
cleanup() {
  "${as_nobody[@]}" tmux -S "$tmux_sock" kill-server 2>/dev/null || true
  for conf in "$work"/*/supervisord.conf; do
    [ -f "$conf" ] && "${as_nobody[@]}" "$work/prefix/bin/supervisor-tui" -c "$conf" shutdown >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package check: $*" >&2; exit 1; }
step() { echo "package check: $* ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"; }
t0=$(date +%s%N)

step "npm pack"
npm pack --silent --pack-destination "$work" >/dev/null
tgz=$(echo "$work"/supervisor-tui-*.tgz)
[ -f "$tgz" ] || fail "npm pack made no tarball"

step "npm install -g --ignore-scripts into $work/prefix"
start=$(date +%s%N)
npm install -g --ignore-scripts --no-audit --no-fund --silent --prefix "$work/prefix" "$tgz"
step "installed in $(( ($(date +%s%N) - start) / 1000000 )) ms, $(du -sk "$work/prefix/lib/node_modules/supervisor-tui" | cut -f1) KiB"
pkg="$work/prefix/lib/node_modules/supervisor-tui"
bin="$work/prefix/bin/supervisor-tui"
[ ! -e "$pkg/node_modules" ] || fail "the package installed runtime dependencies: $(ls "$pkg/node_modules")"
for f in systemd/supervisor-tui.service systemd/supervisor.service.d/supervisor-tui.conf LICENSE CHANGELOG.md; do
  [ -f "$pkg/$f" ] || fail "$f is not in the package"
done
[ -f "$work/prefix/share/man/man1/supervisor-tui.1" ] && [ -f "$work/prefix/share/man/man5/supervisor-tui.conf.5" ] || fail "man pages not installed"
find "$work/prefix" -printf '%p %s %m %T@\n' | sort >"$work/before"

version=$(node -p "require('./package.json').version")
"$bin" --version | grep -qx "supervisor-tui $version (Supervisor XML-RPC API 3.0, as supervisord 4.2.5)" || fail "--version: $("$bin" --version)"
"$bin" completion bash | grep -q 'complete -F _supervisor_tui supervisor-tui' || fail "completion bash"

# A config with two programs in its own directory, owned by whoever runs it.
make_config() {
  local dir=$1
  mkdir -p "$dir"
  cat >"$dir/supervisord.conf" <<CONF
[unix_http_server]
file=$dir/s.sock
[supervisord]
logfile=$dir/sd.log
pidfile=$dir/sd.pid
childlogdir=$dir
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$dir/s.sock
[program:web]
command=sleep 1000
startsecs=0
[program:worker]
command=sleep 1000
startsecs=0
CONF
}

# check, daemon (detached: returns once it serves), status, shutdown — as the given user.
run_modes() {
  local dir=$1
  "${as_nobody[@]}" "$bin" check -c "$dir/supervisord.conf" >/dev/null || fail "check as $(whoami_of)"
  "${as_nobody[@]}" "$bin" daemon -c "$dir/supervisord.conf" || fail "daemon did not start"
  local i=0
  until "${as_nobody[@]}" "$bin" -c "$dir/supervisord.conf" status >"$work/status" 2>&1; do
    i=$((i + 1)); [ $i -lt 100 ] || fail "status never showed both programs RUNNING: $(cat "$work/status")"
    sleep 0.1
  done
  grep -q '^web  *RUNNING' "$work/status" && grep -q '^worker  *RUNNING' "$work/status" || fail "status: $(cat "$work/status")"
}
whoami_of() { "${as_nobody[@]}" id -un; }

step "every mode as root"
make_config "$work/root"
run_modes "$work/root"
"$bin" -c "$work/root/supervisord.conf" shutdown >/dev/null

if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null && command -v tmux >/dev/null; then
  as_nobody=(runuser -u nobody --)
  make_config "$work/nobody"
  chown -R nobody "$work/nobody"
  step "every mode as nobody"
  run_modes "$work/nobody"
  step "the dashboard as nobody in tmux"
  # SHELL: tmux runs the command through its default-shell, which without SHELL in the environment
  # (CI has none) is nobody's login shell, /usr/sbin/nologin.
  "${as_nobody[@]}" env TERM=xterm-256color SHELL=/bin/sh tmux -S "$tmux_sock" -f /dev/null new-session -d -x 120 -y 40 \
    "$bin -c $work/nobody/supervisord.conf 2>$work/nobody/dashboard.err"
  screen() { "${as_nobody[@]}" tmux -S "$tmux_sock" capture-pane -p 2>/dev/null; }
  uptime_of() { screen | sed -n 's/^ *web  *RUNNING  *[0-9][0-9]*  *\([0-9:]*\).*/\1/p'; }
  i=0
  until [ -n "$(uptime_of)" ]; do
    i=$((i + 1)); [ $i -lt 200 ] || fail "the dashboard drew no process rows: $(screen) $(cat -v "$work/nobody/dashboard.err" 2>/dev/null)"
    sleep 0.1
  done
  # A few incremental updates (the uptime ticks); Ink's off-by-one would draw each one line low.
  for n in 1 2; do
    first=$(uptime_of); i=0
    until [ "$(uptime_of)" != "$first" ]; do
      i=$((i + 1)); [ $i -lt 100 ] || fail "the dashboard did not update: $(screen)"
      sleep 0.1
    done
  done
  screen | sed -n 1p | grep -q ' procs: 2 running' || fail "the header is not on the first line: $(screen)"
  screen | sed -n 2p | grep -q '^ NAME  *STATE' || fail "the column titles are not on the second line: $(screen)"
  "${as_nobody[@]}" tmux -S "$tmux_sock" send-keys q
  i=0
  while "${as_nobody[@]}" tmux -S "$tmux_sock" has-session 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || fail "the dashboard did not quit on q"
    sleep 0.1
  done
  # Terminal controls (the cursor shown again on exit) are fine; any text is an error or a warning.
  errors=$(sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$work/nobody/dashboard.err" | tr -d '[:space:]')
  [ -z "$errors" ] || fail "the dashboard wrote to stderr: $(cat -v "$work/nobody/dashboard.err")"
  "${as_nobody[@]}" "$bin" -c "$work/nobody/supervisord.conf" shutdown >/dev/null
else
  step "skipped the runs as nobody (needs root, runuser and tmux)"
fi

find "$work/prefix" -printf '%p %s %m %T@\n' | sort >"$work/after"
diff "$work/before" "$work/after" >&2 || fail "something was written under the prefix"
step "ok"

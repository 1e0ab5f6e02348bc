# lib.sh - sourced by the shell tests.  Exit statuses follow automake:
# 0 pass, 77 skip, 99 hard error; any other non-zero is a failure.
set -u
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=dumb
unset GTD_HOME XDG_DATA_HOME

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
scenario="$top_builddir/gtd-scenario"
data="$top_srcdir/tests/data"

work=$(mktemp -d "${TMPDIR:-/tmp}/gtd-test.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME"

failures=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

pass() {
	checks=$((checks + 1))
}

# expect STATUS CMD...: runs CMD with stdout in $work/out and stderr in
# $work/err, and checks its exit status.
expect() {
	want=$1
	shift
	"$@" >"$work/out" 2>"$work/err"
	got=$?
	# Everything the programs showed, for the checks that no secret leaks.
	cat "$work/out" "$work/err" >> "$work/transcript" 2>/dev/null
	if [ "$got" -ne "$want" ]; then
		fail "exit $got, wanted $want: $*"
		sed 's/^/  stderr: /' "$work/err" >&2
		return 1
	fi
	pass
}

# contains FILE TEXT: FILE (out or err) contains the fixed string TEXT.
contains() {
	if grep -qF -- "$2" "$work/$1"; then
		pass
	else
		fail "$1 lacks '$2'"
		sed "s/^/  $1: /" "$work/$1" >&2
	fi
}

# wait_ready FILE PID WHAT: waits until FILE (a port file) is there, while
# PID lives: 60 s at most, 600 under $MOCK_WRAPPER (valgrind), by the wall
# clock.  A failure says what did not come up and why.
wait_ready() {
	limit=60
	[ -z "${MOCK_WRAPPER:-}" ] || limit=600
	deadline=$(($(date +%s) + limit))
	while [ ! -s "$1" ]; do
		if ! kill -0 "$2" 2>/dev/null; then
			echo "$3 exited before it was ready (no $1)" >&2
			return 1
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "$3 was not ready after $limit s (no $1)" >&2
			return 1
		fi
		sleep 0.05
	done
}

finish() {
	echo "$checks checks, $failures failures"
	[ "$failures" -eq 0 ]
}

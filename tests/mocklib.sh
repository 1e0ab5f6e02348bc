# mocklib.sh - sourced by the shell tests that drive gtd-mock: start it on
# port 0 with a demo partner, make sealed calls as that partner, read the
# answers.  Needs lib.sh first.
mock="$top_builddir/gtd-mock"

# start_mock [OPTION...]: a demo mock on a free port; sets URL, DIR, PACK,
# API_KEY, ACCESS_CODE, PARTNER_KEY, GOTADI_PUB.  Extra options go to
# gtd-mock (e.g. --state FILE).  $MOCK_WRAPPER, when set, runs the mock
# under a tool (valgrind); its exit status is then the tool's.
start_mock() {
	launch_mock --demo --data "$work/demo" --listen 127.0.0.1:0 --demo-bits 1024 "$@" || return 1
	DIR="$work/demo"
	PACK="$DIR/demo-pack.json"
	pack_values
}

# launch_mock OPTION...: gtd-mock in the background (output in
# $work/mock.out and mock.err), then waits until it serves; sets mock_pid
# and URL (from --ready-fd).  The port file is removed first, so what the
# wait sees was written by this mock, never by one before it.
launch_mock() {
	rm -f "$work/port"
	${MOCK_WRAPPER:-} "$mock" --port-file "$work/port" --ready-fd 3 "$@" \
		> "$work/mock.out" 2> "$work/mock.err" 3> "$work/url" &
	mock_pid=$!
	if ! wait_ready "$work/port" "$mock_pid" gtd-mock; then
		sed 's/^/  gtd-mock: /' "$work/mock.err" >&2
		return 1
	fi
	URL=$(cat "$work/url")
}

# health_shows TEXT WHAT: waits until /__gtd/health shows TEXT (a reload
# has happened), 30 s at most by the wall clock; a failure names WHAT.
health_shows() {
	deadline=$(($(date +%s) + 30))
	until curl -s "$URL/__gtd/health" | grep -qF -- "$1"; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			fail "$2: /__gtd/health never showed '$1'"
			return 1
		fi
		sleep 0.05
	done
}

# The demo pack's values, read with sed (the pack is cJSON's layout).
pack_value() {
	sed -n "s/^	\"$1\":	\"\(.*\)\",\{0,1\}$/\1/p" "$PACK"
}

pack_values() {
	API_KEY=$(pack_value api_key)
	ACCESS_CODE=$(pack_value access_code)
	PARTNER_KEY=$(pack_value partner_private_key_path)
	GOTADI_PUB="$work/gotadi.pub.pem"
	pack_value gotadi_public_key | sed 's/\\n/\n/g' > "$GOTADI_PUB"
}

stop_mock() {
	if [ -n "${mock_pid:-}" ]; then
		kill -TERM "$mock_pid" 2>/dev/null
		wait "$mock_pid" 2>/dev/null
		mock_status=$?
		mock_pid=
	fi
}

# post PATH BODYFILE [curl options...]: POST with the partner's headers;
# the status goes to $work/http, headers to $work/headers, body to
# $work/body.
post() {
	path=$1 body=$2
	shift 2
	curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' -X POST \
		-H "apikey: $API_KEY" -H "x-ibe-req-name: $ACCESS_CODE" \
		--data-binary @"$body" "$@" "$URL$path" > "$work/http"
}

get() {
	curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" > "$work/http"
}

# sealed API SCHEMA FIELD=VALUE...: seals a request as the demo partner and
# POSTs it to /api/partner/API; a 200 answer is opened into $work/fields
# (gtd-scenario open's JSON; failures in $work/open.err).
sealed() {
	api=$1 schema=$2
	shift 2
	"$scenario" seal --schema "$schema" --sender-key "$PARTNER_KEY" --receiver-key "$GOTADI_PUB" \
		"$@" > "$work/request.json" || return 1
	post "/api/partner/$api" "$work/request.json"
	open_answer "$api"
}

open_answer() {
	: > "$work/fields"
	[ "$(cat "$work/http")" = 200 ] || return 0
	case $1 in
	login) s=login-response ;;
	*) s=commit-response ;;
	esac
	"$scenario" open --schema $s --receiver-key "$PARTNER_KEY" --sender-key "$GOTADI_PUB" \
		"$work/body" > "$work/fields" 2> "$work/open.err"
}

# field NAME: a field of the last opened answer.
field() {
	sed -n "s/^	\"$1\":	\"\(.*\)\",\{0,1\}$/\1/p" "$work/fields"
}

# header NAME: a header of the last answer (case-insensitive), without CR.
header() {
	grep -i "^$1:" "$work/headers" | head -n 1 | cut -d: -f2- | sed 's/^ //; s/\r$//'
}

# is WHAT GOT WANT: one check.
is() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1: got '$2', wanted '$3'"
	fi
}

# booking [JSON]: a held booking of the demo partner through the control API.
booking() {
	spec=${1:-'{"partner":"demo"}'}
	curl -s -X POST "$URL/__gtd/bookings" -d "$spec" |
		sed -n 's/.*"bookingNumber":"\([^"]*\)".*/\1/p'
}

# status N MEMBER: bookingInfo.MEMBER of booking N, from booking detail.
status() {
	curl -s -H "apikey: $API_KEY" "$URL/api/products/booking-detail?booking_number=$1" |
		sed -n "s/.*\"$2\":\"\([A-Z_]*\)\".*/\1/p"
}

advance() {
	curl -s -X POST "$URL/__gtd/clock/advance" -d "{\"seconds\":$1}" > /dev/null
}

# no_secrets_shown: the demo's API key and access code appear in nothing a
# program printed in this test (every expect's output, the mock's
# terminal, the errors of opening answers), nor in the extra FILEs given.
# Only what `gtd-scenario open` decrypts on purpose, its JSON fields on
# standard output, may hold them.
no_secrets_shown() {
	for f in "$work/transcript" "$work/mock.out" "$work/mock.err" "$work/open.err" "$@"; do
		[ -f "$f" ] || continue
		for s in "$API_KEY" "$ACCESS_CODE"; do
			[ -n "$s" ] || continue
			if grep -vE '^	"[a-z_]+":	"' "$f" | grep -qF -- "$s"; then
				fail "a secret shows in clear in $f:"
				grep -nF -- "$s" "$f" | head -n 3 | sed 's/^/  /' >&2
			else
				pass
			fi
		done
	done
}

cleanup_mock() {
	stop_mock
	rm -rf "$work"
}
trap cleanup_mock EXIT

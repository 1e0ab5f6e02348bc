# bench/lib.sh - sourced by the bench scripts, which set top_builddir and
# bench (the script's name, for messages).
#
# mock_up PREFIX OPTION...: starts $top_builddir/gtd-mock in the background
# on a free loopback port, its journal off, its output in PREFIX.out and
# its port in PREFIX.port; waits for the port file (120 s at most) and sets
# mock_pid and mock_url.  A mock that does not come up is killed, its
# output shown, and the script exits 1.
mock_up() {
	prefix=$1
	shift
	rm -f "$prefix.port"
	"$top_builddir/gtd-mock" --listen 127.0.0.1:0 --journal /dev/null --port-file "$prefix.port" \
		"$@" > "$prefix.out" 2>&1 &
	mock_pid=$!
	deadline=$(($(date +%s) + 120))
	until [ -s "$prefix.port" ]; do
		if ! kill -0 $mock_pid 2>/dev/null || [ "$(date +%s)" -ge $deadline ]; then
			echo "$bench: gtd-mock $* did not come up:" >&2
			cat "$prefix.out" >&2
			kill $mock_pid 2>/dev/null || true
			exit 1
		fi
		sleep 0.05
	done
	mock_url=http://127.0.0.1:$(cat "$prefix.port")
}

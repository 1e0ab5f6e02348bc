#!/bin/sh
# peers.sh WORK SECONDS CONNECTIONS - the npm mock servers the issue names,
# each serving the same small JSON stub, measured with the same wrk
# settings as mock-bench.sh.  Installed into WORK/npm with the machine's
# npm; results go to WORK/peer-NAME ("req/s p99").
set -eu
work=$1 seconds=$2 conns=$3
stub='{"bookingNumber":"ADCO261128001","bookingInfo":{"status":"BOOKED","paymentStatus":"PENDING","issuedStatus":"PENDING","totalFare":1850000}}'
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error \
	mountebank@2.9.1 json-server@0.17.4 @mockoon/cli@9.9.0 @stoplight/prism-cli@5.14.2 > "$work/npm.log" 2>&1 ||
	{ echo "peers: npm install failed (see $work/npm.log)"; tail -5 "$work/npm.log"; exit 1; }
bin="$work/npm/node_modules/.bin"
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done' EXIT

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# measure NAME URL: waits for URL to answer, then runs wrk like mock-bench.
measure() {
	name=$1 url=$2 i=0
	until curl -sf -o /dev/null "$url"; do
		i=$((i + 1)); [ $i -lt 150 ] || { echo "peer $name did not come up"; return 0; }; sleep 0.2
	done
	wrk -t1 -c"$conns" -d"${seconds}s" --latency "$url" > "$work/$name.wrk" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/$name.wrk")
	p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 }
		else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
		print v }' "$work/$name.wrk")
	printf '%-28s %10s req/s   p99 %8s ms\n' "peer-$name" "$rps" "$p99"
	echo "$rps $p99" > "$work/peer-$name"
}

# json-server: the stub as a one-object database.
port=$(free_port)
printf '{"booking": %s}\n' "$stub" > "$work/db.json"
"$bin/json-server" --port "$port" --quiet "$work/db.json" > "$work/json-server.log" 2>&1 &
pids="$pids $!"
measure json-server "http://127.0.0.1:$port/booking"

# mountebank: an imposter with one stub.
mb_port=$(free_port)
port=$(free_port)
"$bin/mb" --port "$mb_port" --loglevel warn > "$work/mb.log" 2>&1 &
pids="$pids $!"
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$mb_port/"; do i=$((i + 1)); [ $i -lt 150 ] || break; sleep 0.2; done
curl -s -X POST "http://127.0.0.1:$mb_port/imposters" -H 'Content-Type: application/json' -d "{
	\"port\": $port, \"protocol\": \"http\",
	\"stubs\": [{\"responses\": [{\"is\": {\"statusCode\": 200,
		\"headers\": {\"Content-Type\": \"application/json\"}, \"body\": $stub}}]}]}" > /dev/null
measure mountebank "http://127.0.0.1:$port/booking"

# Mockoon CLI: an environment with one route.
port=$(free_port)
cat > "$work/mockoon.json" <<JSON
{"uuid": "b0000000-0000-4000-8000-000000000001", "lastMigration": 32, "name": "bench",
 "endpointPrefix": "", "latency": 0, "port": $port, "hostname": "127.0.0.1",
 "folders": [], "rootChildren": [{"type": "route", "uuid": "b0000000-0000-4000-8000-000000000002"}],
 "routes": [{"uuid": "b0000000-0000-4000-8000-000000000002", "type": "http", "documentation": "",
   "method": "get", "endpoint": "booking", "responseMode": null,
   "responses": [{"uuid": "b0000000-0000-4000-8000-000000000003", "body": $(printf '%s' "$stub" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))'),
     "latency": 0, "statusCode": 200, "label": "", "headers": [{"key": "Content-Type", "value": "application/json"}],
     "bodyType": "INLINE", "filePath": "", "databucketID": "", "sendFileAsBody": false, "rules": [],
     "rulesOperator": "OR", "disableTemplating": false, "fallbackTo404": false, "default": true,
     "crudKey": "id", "callbacks": []}]}],
 "proxyMode": false, "proxyHost": "", "proxyRemovePrefix": false,
 "tlsOptions": {"enabled": false, "type": "CERT", "pfxPath": "", "certPath": "", "keyPath": "", "caPath": "", "passphrase": ""},
 "cors": false, "headers": [], "proxyReqHeaders": [], "proxyResHeaders": [], "data": [], "callbacks": []}
JSON
"$bin/mockoon-cli" start --data "$work/mockoon.json" --port "$port" > "$work/mockoon.log" 2>&1 &
pids="$pids $!"
measure mockoon "http://127.0.0.1:$port/booking"

# Prism: an OpenAPI document whose example is the stub.
port=$(free_port)
cat > "$work/openapi.json" <<JSON
{"openapi": "3.0.3", "info": {"title": "bench", "version": "1"},
 "paths": {"/booking": {"get": {"responses": {"200": {"description": "ok",
   "content": {"application/json": {"example": $stub}}}}}}}}
JSON
"$bin/prism" mock -p "$port" -h 127.0.0.1 "$work/openapi.json" > "$work/prism.log" 2>&1 &
pids="$pids $!"
measure prism "http://127.0.0.1:$port/booking"

#!/bin/sh
# peers.sh - sourced by mock-bench.sh.  start_peers installs the npm mock
# servers into $work/npm (with the machine's npm), starts each serving the
# same small JSON stub, adds their pids to $pids and a "peer-NAME URL" line
# each to $work/targets, which mock-bench measures in the same rounds as
# gtd-mock.  WireMock (the standalone jar from the npm package that bundles
# it, run with the machine's Java) serves gtd-mock's own booking-detail body,
# $work/detail.json, as a static stub.  Uses mock-bench.sh's free_port and
# wait_for, and $booking.

start_peers() {
	stub='{"bookingNumber":"ADCO261128001","bookingInfo":{"status":"BOOKED","paymentStatus":"PENDING","issuedStatus":"PENDING","totalFare":1850000}}'
	npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error \
		mountebank@2.9.1 json-server@0.17.4 @mockoon/cli@9.9.0 @stoplight/prism-cli@5.14.2 \
		wiremock@3.13.2 \
		> "$work/npm.log" 2>&1 ||
		{ echo "peers: npm install failed (see $work/npm.log)"; tail -5 "$work/npm.log"; exit 1; }
	bin="$work/npm/node_modules/.bin"

	# json-server: the stub as a one-object database.
	port=$(free_port)
	printf '{"booking": %s}\n' "$stub" > "$work/db.json"
	"$bin/json-server" --port "$port" --quiet "$work/db.json" > "$work/json-server.log" 2>&1 &
	pids="$pids $!"
	echo "peer-json-server http://127.0.0.1:$port/booking" >> "$work/targets"

	# mountebank: an imposter with one stub.
	mb_port=$(free_port)
	port=$(free_port)
	"$bin/mb" --port "$mb_port" --loglevel warn > "$work/mb.log" 2>&1 &
	pids="$pids $!"
	wait_for "http://127.0.0.1:$mb_port/"
	curl -s -X POST "http://127.0.0.1:$mb_port/imposters" -H 'Content-Type: application/json' -d "{
		\"port\": $port, \"protocol\": \"http\",
		\"stubs\": [{\"responses\": [{\"is\": {\"statusCode\": 200,
			\"headers\": {\"Content-Type\": \"application/json\"}, \"body\": $stub}}]}]}" > /dev/null
	echo "peer-mountebank http://127.0.0.1:$port/booking" >> "$work/targets"

	# Mockoon CLI: an environment with one route.
	port=$(free_port)
	body=$(printf '%s' "$stub" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')
	cat > "$work/mockoon.json" <<JSON
{"uuid": "b0000000-0000-4000-8000-000000000001", "lastMigration": 32, "name": "bench",
 "endpointPrefix": "", "latency": 0, "port": $port, "hostname": "127.0.0.1",
 "folders": [], "rootChildren": [{"type": "route", "uuid": "b0000000-0000-4000-8000-000000000002"}],
 "routes": [{"uuid": "b0000000-0000-4000-8000-000000000002", "type": "http", "documentation": "",
   "method": "get", "endpoint": "booking", "responseMode": null,
   "responses": [{"uuid": "b0000000-0000-4000-8000-000000000003", "body": $body,
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
	echo "peer-mockoon http://127.0.0.1:$port/booking" >> "$work/targets"

	# Prism: an OpenAPI document whose example is the stub.
	port=$(free_port)
	cat > "$work/openapi.json" <<JSON
{"openapi": "3.0.3", "info": {"title": "bench", "version": "1"},
 "paths": {"/booking": {"get": {"responses": {"200": {"description": "ok",
   "content": {"application/json": {"example": $stub}}}}}}}}
JSON
	"$bin/prism" mock -p "$port" -h 127.0.0.1 "$work/openapi.json" > "$work/prism.log" 2>&1 &
	pids="$pids $!"
	echo "peer-prism http://127.0.0.1:$port/booking" >> "$work/targets"
	start_wiremock
}

# WireMock 3.13.2 with the settings its documentation gives for load: no
# request journal (kept for verification, it grows with every request) and
# no per-request logging.  The JVM keeps its defaults (G1, a heap of a
# quarter of memory).  Asynchronous responses are for stubs with delays,
# which this one has none of.
start_wiremock() {
	command -v java >/dev/null ||
		{ echo "peers: no java, WireMock left out (apt-get install openjdk-17-jre-headless)"; return; }
	jar=$(ls "$work"/npm/node_modules/wiremock/build/wiremock-standalone-*.jar)
	mkdir -p "$work/wiremock/mappings"
	python3 - "$work/detail.json" "$work/wiremock/mappings/booking-detail.json" <<'PY'
import json, sys
body = open(sys.argv[1], encoding="utf-8").read()
json.dump({"request": {"method": "GET", "urlPath": "/api/products/booking-detail"},
           "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": body}},
          open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
	port=$(free_port)
	java -jar "$jar" --port "$port" --bind-address 127.0.0.1 --disable-banner --root-dir "$work/wiremock" \
		--no-request-journal --disable-request-logging > "$work/wiremock.log" 2>&1 &
	pids="$pids $!"
	echo "peer-wiremock http://127.0.0.1:$port/api/products/booking-detail?booking_number=$booking" >> "$work/targets"
}

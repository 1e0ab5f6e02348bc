#!/bin/bash
# Regenerates the sealed seeds of fuzz/corpus/envelope and fuzz/corpus/mock
# from tests/data/messages.tsv with the kat keys (sender kat1024, receiver
# kat2048, as the harnesses expect).  Run from the top of the source tree
# after a build: fuzz/make-corpus.sh
set -eu
s=./gtd-scenario
out=fuzz/corpus
i=0
while IFS=$'\t' read -r schema pos sigdata; do
	[[ $schema == \#* ]] && continue
	mapfile -t names < <($s schemas | awk -v s="$schema" '$1 == s { getline; print; exit }' |
		tr -d ' ?' | tr '|' '\n' | grep -vx signature)
	IFS='|' read -r -a values <<< "$sigdata|"
	args=()
	for n in "${!names[@]}"; do
		args+=("${names[$n]}=${values[$n]:-}")
	done
	$s seal --schema "$schema" --sender-key tests/data/kat1024.pem \
		--receiver-key tests/data/kat2048.pub.pem "${args[@]}" > /tmp/seed.json
	{ printf "\\x$(printf %02x $i)"; cat /tmp/seed.json; } > "$out/envelope/$schema"
	case $schema in
	login-request) api=login ;;
	commit-request) api=commit ;;
	query-trans-request) api=query-trans ;;
	*) api= ;;
	esac
	if [ -n "$api" ]; then
		printf 'POST /api/partner/%s\napikey: fuzzkey\nx-ibe-req-name: AC-DEMO\n\n' "$api" > "$out/mock/$api"
		cat /tmp/seed.json >> "$out/mock/$api"
	fi
	i=$((i + 1))
done < tests/data/messages.tsv
rm -f /tmp/seed.json
printf 'POST /__gtd/bookings\n\n{"partner":"demo","amount":1850000}' > "$out/mock/control-booking"
printf 'GET /api/products/booking-detail?booking_number=ADCO261128001\napikey: fuzzkey\n\n' > "$out/mock/detail"
printf 'POST /__gtd/faults\n\n{"match":{"api":"commit"},"action":{"code":"99"},"count":1}' > "$out/mock/fault"
printf 'POST /__gtd/clock/advance\n\n{"seconds":901}' > "$out/mock/clock"
printf 'GET /api/partner/place-order?bookingNumber=ADCO261128001\nAuthorization: Bearer a.b.c\n\n' > "$out/mock/place-order"
printf 'GET /portal/activate?token=abc\n\n' > "$out/mock/portal"

#!/bin/sh
# Regenerates kat.tsv and java-sealed.tsv with the JDK reference implementation
# (tests/interop/Interop.java), never with the C code they check.  Only needed
# when messages.tsv or the kat keys change; the outputs are committed.
#   usage: tests/data/make-kat.sh   (from the top of the source tree)
set -eu
here=tests/data
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" tests/interop/Interop.java
# A fixed 3DES session key: parity bits set, as Java's KeyGenerator makes them.
k=0123456789abcdeffedcba987654321089abcdef01234567
receiver() { case $1 in 1024) echo 2048 ;; 2048) echo 4096 ;; 4096) echo 1024 ;; esac; }
for bits in 1024 2048 4096; do
	grep -v '^#' $here/messages.tsv | while IFS='	' read -r schema pos sigdata; do
		printf 'sign\t%s\t%s\n' "$here/kat$bits.pem" "$sigdata"
	done
done > "$out/sign.jobs"
java -cp "$out" Interop < "$out/sign.jobs" > "$out/sign.out"
{
	printf '# bits\tschema\tsession key (hex)\tsignature (Java SHA256withRSA)\tdata (Java DESede)\n'
	for bits in 1024 2048 4096; do
		grep -v '^#' $here/messages.tsv | while IFS='	' read -r schema pos sigdata; do
			echo "$bits	$schema	$pos	$sigdata"
		done
	done | paste - "$out/sign.out" | while IFS='	' read -r bits schema pos sigdata sig; do
		orig=$(printf '%s' "$sigdata" | awk -v p="$pos" -v s="$sig" 'BEGIN{FS=OFS="|"} {
			out=""; for (i = 0; i <= NF; i++) { f = (i == p) ? s : $(i < p ? i + 1 : i);
			out = out (i ? "|" : "") f } print out }')
		printf 'encrypt3des\t%s\t%s\n' "$k" "$orig" | java -cp "$out" Interop > "$out/data"
		printf '%s\t%s\t%s\t%s\t%s\n' "$bits" "$schema" "$k" "$sig" "$(cat "$out/data")"
	done
} > $here/kat.tsv
{
	printf '# sender bits\treceiver bits\tschema\tkey\tdata (sealed by Java)\n'
	for bits in 1024 2048 4096; do
		r=$(receiver $bits)
		grep -v '^#' $here/messages.tsv | while IFS='	' read -r schema pos sigdata; do
			printf 'seal\t%s\t%s\t%s\t%s\n' "$pos" "$here/kat$bits.pem" "$here/kat$r.pub.pem" "$sigdata" |
				java -cp "$out" Interop | sed "s/^/$bits	$r	$schema	/"
		done
	done
} > $here/java-sealed.tsv

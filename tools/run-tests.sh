#!/usr/bin/env bash
# Runs one test tier and records its pass/fail/skip counts in out/test-results.txt; "summary" adds them up.
# A skipped test counts as a failure as well: everything a test needs (boards, test kernels and root,
# Debian's tools) is built or installed by make test itself, so a skip means a test did not run.
set -u
RES=out/test-results.txt
mkdir -p out
mode=$1
shift
# record TIER PASSED FAILED [SKIPPED]: the skipped ones are already counted in FAILED
record() {
	echo "$1 $2 $3 ${4:-0}" >>"$RES"
	if [ "${4:-0}" -ne 0 ]; then
		echo "== $1: $2 passed, $3 failed ($4 skipped, counted as failed)"
	else
		echo "== $1: $2 passed, $3 failed"
	fi
}

case "$mode" in
build)
	pass=0 fail=0
	for b in "$@"; do
		# BOARD or BOARD:CONFIG (a variant, e.g. versatilepb:minimal)
		board=${b%%:*} cfg=${b#"$board"}
		cfg=${cfg#:}
		if make --no-print-directory BOARD="$board" CONFIG="$cfg" all >out/build-$b.log 2>&1; then
			pass=$((pass + 1))
			grep -E 'flashboot.bin:' out/build-$b.log
		else
			fail=$((fail + 1))
			tail -20 out/build-$b.log
			echo "FAILED: build of $b"
		fi
	done
	record build $pass $fail
	[ $fail -eq 0 ]
	;;
artifacts)
	# the test kernels (DT and ATAG) and the test root, cached in ~/.cache/flashboot
	pass=0 fail=0
	for step in "build-test-kernel.sh dt" "build-test-kernel.sh atag" "build-test-rootfs.sh"; do
		# shellcheck disable=SC2086
		if d=$(bash tools/$step); then
			pass=$((pass + 1))
			echo "artifact: tools/$step -> $d"
		else
			fail=$((fail + 1))
			echo "FAILED: tools/$step"
		fi
	done
	record artifacts $pass $fail
	[ $fail -eq 0 ]
	;;
layers)
	if bash tools/check-layers.sh; then record layers 1 0; else record layers 0 1; exit 1; fi
	;;
unit)
	pass=0 fail=0 skip=0
	for t in "$@"; do
		out=$(CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 "$t" 2>&1)
		rc=$?
		p=$(grep -c '^ok ' <<<"$out")
		f=$(grep -c '^not ok ' <<<"$out")
		s=$(grep -c '^not ok .*# SKIP' <<<"$out")
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -ne 0 ]; then echo "$out" | grep -v '^ok ' ; echo "FAILED: $t (rc=$rc)"; fi
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	done
	record unit $pass $fail $skip
	[ $fail -eq 0 ]
	;;
fuzz | fuzz-long)
	# fuzz: deterministic (seed 1, $1 runs, a fresh corpus); a 120 s cap per
	# target keeps a slow machine bounded. fuzz-long: $1 seconds, kept corpus.
	kind=$mode limit=$1
	shift
	pass=0 fail=0
	for t in "$@"; do
		name=$(basename "$t")
		seeds=tests/fuzz/seeds/$name
		[ -d "$seeds" ] || seeds=
		if [ "$kind" = fuzz ]; then
			corpus=out/host/fuzz/run-$name
			rm -rf "$corpus"
			args=(-seed=1 -runs="$limit" -max_total_time=120 -timeout=10)
		else
			corpus=out/host/fuzz/corpus-$name
			args=(-max_total_time="$limit" -timeout=10)
		fi
		mkdir -p "$corpus"
		if "$t" "${args[@]}" -rss_limit_mb=2048 -artifact_prefix=out/host/fuzz/$name- "$corpus" $seeds >out/host/fuzz/$name.log 2>&1; then
			pass=$((pass + 1))
			echo "fuzz $name: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' out/host/fuzz/$name.log | tail -1), no crash"
		else
			fail=$((fail + 1))
			tail -40 out/host/fuzz/$name.log
			echo "FAILED: fuzz $name (the input is saved as out/host/fuzz/$name-crash-*; add it to $seeds as regress-<what>)"
		fi
	done
	record fuzz $pass $fail
	[ $fail -eq 0 ]
	;;
pytest)
	# a folder of test_*.py (the tier is its name) or one test file, optionally FILE::TEST (tier
	# FOLDER-STEM, e.g. qemu-test_env); further arguments go to pytest (e.g. -k NAME)
	dir=$1
	shift
	file=${dir%%::*}
	if [ -f "$file" ]; then
		case "$file" in *.py) ;; *) echo "pytest: $file is not a .py file" >&2; exit 2 ;; esac
		tier=$(basename "$(dirname "$file")")-$(basename "$file" .py)
	elif [ -d "$dir" ]; then
		tier=$(basename "$dir")
		if ! ls "$dir"/test_*.py >/dev/null 2>&1; then record "$tier" 0 0; exit 0; fi
	else
		echo "pytest: no file or folder $dir" >&2
		exit 2
	fi
	/usr/bin/python3 -m pytest -q -rs -p no:cacheprovider "$dir" "$@" 2>&1 | tee out/pytest-$tier.log
	rc=${PIPESTATUS[0]}
	last=$(grep -E '[0-9]+ (passed|failed|error|skipped)' out/pytest-$tier.log | tail -1)
	p=$(grep -oE '[0-9]+ passed' <<<"$last" | cut -d' ' -f1)
	f=$(grep -oE '[0-9]+ failed' <<<"$last" | cut -d' ' -f1)
	e=$(grep -oE '[0-9]+ error' <<<"$last" | cut -d' ' -f1)
	s=$(grep -oE '[0-9]+ skipped' <<<"$last" | cut -d' ' -f1)
	s=${s:-0} p=${p:-0} f=$(( ${f:-0} + ${e:-0} ))
	if [ $rc -ne 0 ] && [ $f -eq 0 ]; then f=1; fi
	if [ "$s" -ne 0 ]; then
		echo "FAILED: $s skipped in $tier (a skip counts as a failure):"
		grep -E '^SKIPPED' out/pytest-$tier.log || true
		f=$((f + s))
	fi
	record "$tier" $p $f $s
	[ $f -eq 0 ]
	;;
summary)
	[ -f "$RES" ] || { echo "0 passed, 1 failed (no results)"; exit 1; }
	while read -r tier p f s; do
		printf '  %-10s %5d passed %5d failed %5d skipped\n' "$tier" "$p" "$f" "${s:-0}"
	done <"$RES"
	awk '{p+=$2; f+=$3} END {printf "%d passed, %d failed\n", p, f; exit (f>0)}' "$RES"
	;;
*)
	echo "usage: $0 build|artifacts|layers|unit|fuzz|fuzz-long|pytest|summary ..." >&2
	exit 2
	;;
esac

#!/usr/bin/env bash
# Acceptance check of `report`: runs the quick report, renders out/report/index.html with headless
# Chromium, and fails when any figure is missing or empty.
#
#   scripts/check-report.sh                               # examples/target/examples.jar, writes out/report/
#   JAR=path/to/examples.jar OUT=/tmp/report scripts/check-report.sh [more report flags]
#
# How the page is checked: it carries a small script that, once the browser has laid it out, looks at
# every figure (an inline <svg> that must draw something and have a non-empty box on the page) and
# writes one line, "RENDER-CHECK OK|FAIL figures=N expected=N rendered=N [missing=...]", into the
# element #render-check. Chromium's --dump-dom prints the DOM after the page has loaded; this script
# reads that line and also compares the figure count with the SVG files the runs wrote to disk.
#
# Installs nothing. Exit status: 0 when the report ran cleanly and every figure rendered; 1 otherwise;
# 2 when Chromium is missing (apt-get install chromium; or CHROMIUM=/path/to/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-examples/target/examples.jar}
JAVA=${JAVA:-java}
OUT=${OUT:-out/report}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}

if [[ -z $CHROMIUM ]]; then
    echo "check-report: Chromium is not installed. Install it with:  apt-get install chromium" >&2
    exit 2
fi
[[ -f $JAR ]] || { echo "check-report: no $JAR: build it with  mvn -B -q package -DskipTests" >&2; exit 1; }

start=$SECONDS
report_status=0
"$JAVA" -jar "$JAR" report --out "$OUT" "$@" || report_status=$?
report_seconds=$((SECONDS - start))
page=$OUT/index.html
[[ -s $page ]] || { echo "check-report: the report wrote no $page (exit status $report_status)" >&2; exit 1; }

render_start=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/elbow-check-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A fresh profile, so that no earlier Chromium session or lock interferes; the virtual time budget lets
# the page finish loading before the DOM is printed.
if ! "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --virtual-time-budget=30000 \
        --dump-dom "file://$(realpath "$page")" >"$work/dom.html" 2>"$work/chromium.log"; then
    echo "check-report: Chromium failed to render $page:" >&2
    tail -5 "$work/chromium.log" >&2
    exit 1
fi
render_seconds=$((SECONDS - render_start))

result=$(grep -o 'id="render-check">[^<]*' "$work/dom.html" | sed 's/^id="render-check">//' || true)
on_disk=$(find "$OUT" -name '*.svg' -type f | wc -l)
echo "check-report: ${result:-no render-check line in the DOM: the script in the page did not run}"
echo "check-report: $on_disk SVG files under $OUT; report ${report_seconds}s (exit status $report_status), rendering ${render_seconds}s"

status=0
if [[ $result != "RENDER-CHECK OK figures=$on_disk expected=$on_disk rendered=$on_disk" ]]; then
    echo "check-report: FAIL: a figure is missing or empty, or the page holds a different number of figures than the runs wrote" >&2
    status=1
fi
if [[ $report_status -ne 0 ]]; then
    echo "check-report: FAIL: the report exited with status $report_status (see the page's overview for what failed or did not run)" >&2
    status=1
fi
[[ $status -eq 0 ]] && echo "check-report: OK: every one of the $on_disk figures rendered"
exit $status

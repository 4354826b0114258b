#!/usr/bin/env bash
# Opens a report written by `surplus reproduce` in a real browser and checks it:
#  - headless Chromium (Debian's package, installed here when missing) loads index.html
#    inside a checker page and takes a screenshot (REPORT_DIR/screenshot.png);
#  - any console message from the report page, or an image that does not load, fails;
#  - every SVG figure must be well-formed XML.
# Usage: Scripts/check-report.sh REPORT_DIR
set -euo pipefail
dir="$(cd "${1:?usage: Scripts/check-report.sh REPORT_DIR}" && pwd)"
test -f "$dir/index.html" || { echo "error: no index.html in $dir" >&2; exit 1; }

if ! command -v chromium > /dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core > /dev/null
fi

# Every figure parses as XML.
python3 - "$dir" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
figures = sorted(pathlib.Path(sys.argv[1], "figures").glob("*.svg"))
if not figures:
    sys.exit("error: no SVG figures in the report")
for path in figures:
    root = ET.parse(path).getroot()
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        sys.exit(f"error: {path.name} is not an SVG document")
print(f"{len(figures)} SVG figures parse as XML")
PY

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/check.html" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<iframe id="report" src="file://$dir/index.html" width="1280" height="800"></iframe>
<script>
document.getElementById("report").addEventListener("load", function () {
  var images = this.contentDocument.images, broken = [];
  for (var i = 0; i < images.length; i++) {
    if (!images[i].complete || images[i].naturalWidth === 0) broken.push(images[i].getAttribute("src"));
  }
  console.log("report-check images=" + images.length + " broken=" + broken.length + " " + JSON.stringify(broken));
});
</script></body></html>
HTML

browser=(chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
"${browser[@]}" --allow-file-access-from-files --virtual-time-budget=10000 --dump-dom "file://$work/check.html" \
    > /dev/null 2> "$work/check.log" || true
"${browser[@]}" --window-size=1280,2400 --screenshot="$dir/screenshot.png" "file://$dir/index.html" \
    > /dev/null 2> "$work/shot.log" || true

console="$(grep -h "CONSOLE" "$work/check.log" "$work/shot.log" || true)"
result="$(grep -o 'report-check images=[0-9]* broken=[0-9]* \[[^]]*\]' <<< "$console" || true)"
others="$(grep -v "report-check" <<< "$console" || true)"
if [ -z "$result" ]; then
    echo "error: the browser did not load the report" >&2; cat "$work/check.log" >&2; exit 1
fi
if [ -n "$others" ]; then
    echo "error: console messages from the report:" >&2; echo "$others" >&2; exit 1
fi
if ! grep -q "broken=0 " <<< "$result"; then
    echo "error: images that did not load: $result" >&2; exit 1
fi
if [ "$(grep -o 'images=[0-9]*' <<< "$result" | cut -d= -f2)" -eq 0 ]; then
    echo "error: the report shows no figures" >&2; exit 1
fi
test -s "$dir/screenshot.png" || { echo "error: no screenshot taken" >&2; exit 1; }
echo "browser: $result; no console messages; screenshot at $dir/screenshot.png"

#!/usr/bin/env bash
# Installs what `make demo` and `make test` need, and skips what is already
# there: the wasm32 target, trunk, wasm-bindgen-cli at the Cargo.lock version,
# the npm packages (binaryen's wasm-opt, terser, playwright-core, selenium-webdriver)
# and, with --browser, the three engines the tests drive: Debian's chromium and
# chromium-driver, firefox-esr, webkit2gtk-driver (WebKitWebDriver and
# MiniBrowser) with xvfb, and geckodriver (not a Debian package) from crates.io.
#
# trunk and wasm-bindgen-cli take 10 to 20 minutes each to build, so they are
# built in parallel with each other and with the apt install.
set -euo pipefail

cd "$(dirname "$0")/.."
with_browser=false
[ "${1:-}" = "--browser" ] && with_browser=true

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "install-tools: cannot find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
logs=$(mktemp -d)
pids=()
names=()

start() { # name, command...
  local name=$1
  shift
  echo "install-tools: installing $name (log: $logs/$name.log)"
  ("$@") >"$logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "^trunk $TRUNK_VERSION\$"; then
  start trunk cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "^wasm-bindgen $WASM_BINDGEN_VERSION\$"; then
  # --locked can fail on a yanked dependency version; fall back to a fresh resolve.
  start wasm-bindgen-cli bash -c "cargo install --locked wasm-bindgen-cli --version $WASM_BINDGEN_VERSION \
    || cargo install --force wasm-bindgen-cli --version $WASM_BINDGEN_VERSION"
fi

browser_packages=()
[ -x /usr/bin/chromium ] || browser_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || browser_packages+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || browser_packages+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || browser_packages+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || browser_packages+=(xvfb xauth)
if $with_browser && [ ${#browser_packages[@]} -gt 0 ]; then
  start browsers bash -c "$(declare -f as_root); as_root apt-get update && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends ${browser_packages[*]}"
fi

# A build from crates.io prints `geckodriver 0.37.1` alone; a release build
# adds its commit after a space.
if $with_browser && ! geckodriver --version 2>/dev/null | grep -Eq "^geckodriver $GECKODRIVER_VERSION( |\$)"; then
  start geckodriver cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
fi

# npm packages: reinstall unless every dev dependency is there at its exact version.
if ! node -e '
  const wanted = require("./package.json").devDependencies;
  for (const [name, version] of Object.entries(wanted)) {
    if (require("./node_modules/" + name + "/package.json").version !== version) process.exit(1);
  }' 2>/dev/null; then
  npm ci --no-audit --no-fund
fi

failed=0
for n in "${!pids[@]}"; do
  if wait "${pids[$n]}"; then
    echo "install-tools: ${names[$n]} installed"
  else
    echo "install-tools: installing ${names[$n]} failed; the end of its log:" >&2
    tail -n 30 "$logs/${names[$n]}.log" >&2
    failed=1
  fi
done
exit $failed

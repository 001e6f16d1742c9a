# Shared helpers for scripts/build, scripts/demo and scripts/test. Source it; do not run it.
# Each ensure_* function installs what is missing and does nothing when it is already there.

if [ -d "$HOME/.cargo/bin" ]; then
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root (directly when we are root, else through sudo).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

_apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install these yourself: $*"
  if [ "$_apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
    _apt_updated=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

ensure_cargo() {
  command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first"
}

ensure_wasm_target() {
  ensure_cargo
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown || die "could not add the wasm32-unknown-unknown target"
  fi
}

# The wasm-bindgen version in Cargo.lock (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  ensure_cargo
  local want have
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "wasm-bindgen not found in Cargo.lock"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    log "cargo install wasm-bindgen-cli --version $want --locked (takes a few minutes)"
    cargo install wasm-bindgen-cli --version "$want" --locked --force \
      || die "could not install wasm-bindgen-cli $want"
  fi
}

ensure_binaryen() {
  command -v wasm-opt >/dev/null 2>&1 || apt_install binaryen
  command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt still missing after installing binaryen"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after installing chromium"
  [ -x /usr/bin/chromedriver ] || die "/usr/bin/chromedriver missing after installing chromium-driver"
}

ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 18 ] || die "Node.js 18 or newer is needed (found $(node --version))"
}

# Test dependencies from package-lock.json (playwright-core, which downloads no browser, and
# axe-core): npm ci when any installed version differs from the lock.
ensure_node_deps() {
  ensure_node
  if ! node -e '
    const lock = require("./package-lock.json").packages;
    for (const [path, meta] of Object.entries(lock)) {
      if (!path.startsWith("node_modules/")) continue;
      let have = null;
      try { have = require(`./${path}/package.json`).version; } catch {}
      if (have !== meta.version) process.exit(1);
    }' 2>/dev/null; then
    log "npm ci"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
  fi
}

#!/usr/bin/env bash
# End-to-end tests of the latentkit extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3, from npm)
# driven by playwright-core with Debian's chromium (see ../shared/vscode-e2e). Non-interactive; run from anywhere:
#   pnpm test:e2e            (or: bash apps/vscode/test/e2e/run.sh)
# Steps: apt-installs chromium/ripgrep/libkrb5-dev if missing; installs host/ with npm ci on first use (~1 min);
# builds the extension (minified), the example plugin and its peers; prepares a workspace; packs the extension with
# vsce and starts code-server with the .vsix installed (E2E_FOLDER=1: links the development folder instead, with a
# development build); checks the .vsix against its size budget and what it holds (check-vsix.mjs); runs scenarios.mjs;
# always stops code-server. Screenshots go to apps/vscode/test-results/e2e/; with E2E_README_IMAGES=1 a passing run
# copies the README's screenshots to apps/vscode/media/readme/ (scripts/readme-images.mjs).
# Environment (optional): RUN_DIR (scratch folder, kept; default a fresh one, removed after a passing run),
# PORT (default: a free port),
# E2E_ONLY=gmm,cancel (scenario names), E2E_STRICT=1 (pending scenarios fail), E2E_FOLDER=1, E2E_README_IMAGES=1,
# CHROMIUM.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
APP=$(cd "$HERE/../.." && pwd)
ROOT=$(cd "$APP/../.." && pwd)
HOST="$HERE/host"
RESULTS="$APP/test-results/e2e"
t0=$(date +%s)
step() { echo "[e2e $(( $(date +%s) - t0 ))s] $*"; }

missing=""
for p in chromium ripgrep libkrb5-dev; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  step "apt-get install$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

if [ ! -x "$HOST/node_modules/.bin/code-server" ]; then
  step "seed ripgrep cache"; bash "$HOST/make-rg-cache.sh"
  step "npm ci in test/e2e/host (code-server builds native modules, about 1 min)"
  # npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which a user npmrc with yes=false would abort.
  # Drop the npm_config_* variables a parent pnpm/npm run exported (npm_config_user_agent=pnpm/... makes
  # code-server's postinstall refuse: "Could not determine which package manager is being used").
  # shellcheck disable=SC2046
  (cd "$HOST" && env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/p') npm_config_unsafe_perm=true npm_config_yes=true \
    npm ci --no-audit --no-fund --loglevel=error)
fi
export CS_BIN="$HOST/node_modules/.bin/code-server"

step "build the extension, the example plugin and its peers"
(cd "$ROOT" && npx --no-install turbo run build --filter=@latentkit/core --filter=@latentkit/registry --filter=@latentkit/inference --filter=@latentkit/datasets --output-logs=errors-only >/dev/null)
if [ "${E2E_FOLDER:-}" = "1" ]; then node "$APP/esbuild.mjs"; else node "$APP/esbuild.mjs" --production; fi
node "$ROOT/examples/latentkit-plugin-example/build.mjs"

KEEP_RUN_DIR=${RUN_DIR:+1}
if [ -n "${RUN_DIR:-}" ]; then rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"; else RUN_DIR=$(mktemp -d -t latentkit-e2e.XXXXXX); fi
export RUN_DIR
export PORT=${PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
node "$HERE/prepare-workspace.mjs" "$RUN_DIR/workspace"

mkdir -p "$RUN_DIR/extensions"
EXT_ID=$(node -p "const p=require(process.argv[1]); p.publisher+'.'+p.name+'-'+p.version" "$APP/package.json")
if [ "${E2E_FOLDER:-}" = "1" ]; then
  ln -s "$APP" "$RUN_DIR/extensions/$EXT_ID"
else
  # vsce's options (no dependencies: everything is bundled; the README's image links) are in package.json "vsce".
  step "package the .vsix"
  (cd "$APP" && npx --no-install vsce package -o "$RUN_DIR/latentkit.vsix" >/dev/null)
  export VSIX="$RUN_DIR/latentkit.vsix"
fi

step "check media/icon.png against a fresh rendering of media/icon.svg"
node "$APP/scripts/render-icon.mjs" --check

finish() {
  bash "$HOST/stop-code-server.sh" >/dev/null
  cp "$RUN_DIR"/user-data/logs/*/exthost*/remoteexthost.log "$RESULTS/" 2>/dev/null || true
}
trap finish EXIT
step "start code-server (run dir $RUN_DIR, port $PORT)"
bash "$HOST/start-code-server.sh"
if [ -n "${VSIX:-}" ]; then
  step "check the installed .vsix"
  node "$HERE/check-vsix.mjs" "$VSIX" "$RUN_DIR/extensions/$EXT_ID"
fi
step "run the scenarios"
status=0
node "$HERE/scenarios.mjs" "http://127.0.0.1:$PORT/?folder=$RUN_DIR/workspace" "$RUN_DIR/workspace" "$RESULTS" || status=$?
finish
trap - EXIT
if [ "$status" = 0 ] && [ "${E2E_README_IMAGES:-}" = "1" ]; then
  step "copy the README's screenshots"
  node "$APP/scripts/readme-images.mjs"
fi
if [ "$status" = 0 ] && [ -z "$KEEP_RUN_DIR" ]; then
  rm -rf "$RUN_DIR"
  step "done (exit 0); screenshots in $RESULTS"
else
  step "done (exit $status); screenshots in $RESULTS; code-server logs in $RUN_DIR"
fi
exit $status

#!/usr/bin/env bash
# The CI recipe of docs/ci.md, run by `npm test` (and so by .ci/run): start the built server in the background,
# wait for it with `wealth-sandbox --wait-for`, run the tests against it through SANDBOX_URL (the Vitest fixture's
# server tests, then the example app's Playwright suite three times in a row), and stop the server.
# Needs dist/ (`npm run build`); run it through npm (`npm run test:e2e`) so that the project's Node is used.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f dist/src/server/cli.js ]; then
  echo "ci-shape: dist/ is missing; run npm run build first" >&2
  exit 1
fi

port="${SANDBOX_PORT:-$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })")}"
url="http://127.0.0.1:$port"
log="$(mktemp)"

# 1. Start the sandbox in the background.
node dist/src/server/cli.js --port "$port" >"$log" 2>&1 &
server=$!
on_exit() {
  status=$?
  if kill -0 "$server" 2>/dev/null; then kill "$server" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ]; then
    echo "ci-shape: failed; the server's output:" >&2
    cat "$log" >&2
  fi
  rm -f "$log"
  exit "$status"
}
trap on_exit EXIT

# 2. Wait until it answers GET /__sandbox/health (exits 1 after the timeout).
node dist/src/server/cli.js --wait-for "$url" --wait-timeout 30s

# 3. Run the tests against it: every test in its own x-sandbox-id.
export SANDBOX_URL="$url"
npx vitest run --project http test/http/fixtures/vitest.http.test.ts
for run in 1 2 3; do
  echo "ci-shape: end-to-end run $run of 3 against $SANDBOX_URL"
  npx playwright test -c test/e2e/playwright.config.ts
done

# Every test dropped its sandbox: only the default one is left.
node -e "
fetch(process.argv[1] + '/__sandbox/sandboxes').then((r) => r.json()).then((list) => {
  const ids = list.map((each) => each.id)
  if (ids.join() !== 'default') { console.error('ci-shape: sandboxes left behind: ' + ids.join(', ')); process.exit(1) }
  console.log('ci-shape: no sandbox left behind')
})" "$url"

# 4. Stop the server; it exits 0 on SIGTERM.
kill -TERM "$server"
wait "$server"
echo "ci-shape: server stopped"

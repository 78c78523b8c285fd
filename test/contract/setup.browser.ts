import { checkEveryExchange } from './internal/checkEveryExchange.js'

// Setup file of the browser project: in Chromium, as in Node, every response of the sandbox's Upvest, Addepar
// and control APIs that a test receives through `fetch` (answered by the service worker), and every webhook
// delivery the page's sandbox sends, is checked against the OpenAPI documents; the example app's frame is
// checked with `checkFrame`. Nothing is recorded for parity: that is the node projects' (./setup.ts).

checkEveryExchange()

// The sandbox inspector: polls the control API once a second and renders one sandbox (chosen in the
// URL hash, `#sandbox=<id>`). Preact and htm are served by the sandbox itself, so it works offline.
import htm from 'htm'
import { h, render } from 'preact'
import { useCallback, useEffect, useState } from 'preact/hooks'

const html = htm.bind(h)
const POLL_MS = 1000

function selectedSandbox() {
  return new URLSearchParams(location.hash.slice(1)).get('sandbox') || 'default'
}

// A server started with --control-token prints the inspector's URL with `#token=...`: a fragment, never sent
// to a server. The tab keeps it, so that choosing another sandbox (which rewrites the fragment) keeps it too.
const TOKEN_KEY = 'wealth-sandbox:control-token'
const fragmentToken = new URLSearchParams(location.hash.slice(1)).get('token')
if (fragmentToken) sessionStorage.setItem(TOKEN_KEY, fragmentToken)

function headersFor(sandbox) {
  const token = sessionStorage.getItem(TOKEN_KEY)
  return { 'x-sandbox-id': sandbox, ...(token ? { authorization: `Bearer ${token}` } : {}) }
}

async function call(sandbox, method, path, body) {
  const response = await fetch(`/__sandbox/${path}`, {
    method,
    cache: 'no-store',
    headers: { ...headersFor(sandbox), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}))
    throw new Error(problem.error || `${method} /__sandbox/${path}: ${response.status}`)
  }
  return response.status === 204 ? null : response.json()
}

/** The webhook outbox (`{ deliveries }`), or null when the server does not offer it. */
async function deliveries(sandbox) {
  const response = await fetch('/__sandbox/webhooks/deliveries', {
    cache: 'no-store',
    headers: headersFor(sandbox),
  })
  if (!response.ok) return null
  return (await response.json()).deliveries ?? []
}

function usePolledState(sandbox) {
  const [state, setState] = useState({
    overview: null,
    requests: [],
    outbox: null,
    sandboxes: [],
    drift: [],
    error: null,
  })
  const refresh = useCallback(async () => {
    try {
      const [overview, requests, outbox, sandboxes, drift] = await Promise.all([
        call(sandbox, 'GET', 'overview'),
        call(sandbox, 'GET', 'requests?limit=50'),
        deliveries(sandbox),
        call(sandbox, 'GET', 'sandboxes'),
        call(sandbox, 'GET', 'drift'),
      ])
      setState({ overview, requests, outbox, sandboxes, drift: drift.findings, error: null })
    } catch (error) {
      setState((previous) => ({ ...previous, error: error.message }))
    }
  }, [sandbox])
  useEffect(() => {
    refresh()
    const timer = setInterval(refresh, POLL_MS)
    return () => clearInterval(timer)
  }, [refresh])
  return [state, refresh]
}

function Controls({ sandbox, overview, refresh, onError }) {
  const [by, setBy] = useState('1h')
  const run = (method, path, body) => () =>
    call(sandbox, method, path, body)
      .then(refresh)
      .catch((error) => onError(error.message))
  const frozen = overview.clock.mode === 'frozen'
  return html`<section class="controls" data-testid="clock">
    <span class="clock">${overview.clock.now}</span>
    <span class="badge">${overview.clock.mode}</span>
    <input aria-label="advance by" value=${by} onInput=${(event) => setBy(event.currentTarget.value)} size="6" />
    <button onClick=${run('POST', 'clock/advance', { by })}>Advance</button>
    <button onClick=${run('POST', frozen ? 'clock/resume' : 'clock/freeze')}>${frozen ? 'Resume' : 'Freeze'}</button>
    <button onClick=${run('POST', 'reset')}>Reset</button>
  </section>`
}

function AccountGroups({ accountGroups }) {
  return html`<section data-testid="account-groups">
    <h2>Upvest account groups <small>${accountGroups.items.length} of ${accountGroups.total}, newest first</small></h2>
    <table>
      <thead><tr><th>id</th><th>type</th><th>status</th><th>users</th><th>securities account</th><th>updated</th></tr></thead>
      <tbody>
        ${accountGroups.items.map(
          (group) => html`<tr key=${group.id}>
            <td class="mono">${group.id}</td>
            <td>${group.type}</td>
            <td><span class=${`status status-${group.status}`}>${group.status}</span></td>
            <td class="mono">${group.users.map((user) => `${user.type} ${user.id.slice(0, 8)}`).join(', ')}</td>
            <td class="mono">${group.securities_account_number}</td>
            <td>${group.updated_at}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`
}

function GroupNode({ node }) {
  return html`<li>
    <span class="mono">${node.id}</span> <strong>${node.name}</strong> <span class="badge">${node.group_type}</span>
    ${
      node.members.length > 0 &&
      html`<div class="members">
      ${node.members.map((member) => html`<span key=${member.id} class="member">${member.id} ${member.name} (${member.model_type})</span>`)}
    </div>`
    }
    ${node.children.length > 0 && html`<ul>${node.children.map((child) => html`<${GroupNode} key=${child.id} node=${child} />`)}</ul>`}
  </li>`
}

function Groups({ groups }) {
  return html`<section data-testid="groups">
    <h2>Addepar groups <small>${groups.total} in all${groups.truncated ? ', tree cut short' : ''}</small></h2>
    ${groups.firms.map(
      (firm) => html`<div key=${firm.firm_id}>
        <h3>firm ${firm.firm_id}</h3>
        <ul class="tree">${firm.roots.map((node) => html`<${GroupNode} key=${node.id} node=${node} />`)}</ul>
      </div>`,
    )}
  </section>`
}

function Excerpt({ label, part }) {
  if (!part) return null
  const headers = Object.entries(part.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n')
  const body = part.body ? `${part.body.text}${part.body.truncated ? `\n… (${part.body.length} in all)` : ''}` : ''
  return html`<div><h4>${label}</h4><pre>${headers}${body ? `\n\n${body}` : ''}</pre></div>`
}

function Journal({ requests, sandbox, refresh, onError }) {
  const [open, setOpen] = useState(null)
  const clear = () =>
    call(sandbox, 'DELETE', 'requests')
      .then(refresh)
      .catch((error) => onError(error.message))
  return html`<section data-testid="journal">
    <h2>Requests <small>newest first</small> <button onClick=${clear}>Clear</button></h2>
    <table>
      <thead><tr><th>time</th><th>method</th><th>path</th><th>status</th><th>ms</th><th>fault</th></tr></thead>
      <tbody>
        ${requests.map(
          (
            entry,
          ) => html`<tr key=${entry.id} class="clickable" onClick=${() => setOpen(open === entry.id ? null : entry.id)}>
              <td>${entry.time.slice(11, 23)}</td>
              <td>${entry.method}</td>
              <td class="mono">${entry.url}</td>
              <td><span class=${`code code-${String(entry.status)[0]}`}>${entry.status || 'reset'}</span></td>
              <td>${entry.duration_ms}</td>
              <td>${entry.fault ?? ''}</td>
            </tr>
            ${
              open === entry.id &&
              html`<tr key=${`${entry.id}-detail`}><td colspan="6" class="detail">
                <${Excerpt} label="request" part=${entry.request} /><${Excerpt} label="response" part=${entry.response} />
              </td></tr>`
            }`,
        )}
      </tbody>
    </table>
  </section>`
}

// Proxy mode (`wealth-sandbox proxy`, docs/drift.md): how the real providers' answers differ from the documents.
function Drift({ drift }) {
  return html`<section data-testid="drift">
    <h2>Drift <small>${drift.length} finding${drift.length === 1 ? '' : 's'}, newest first</small></h2>
    ${
      drift.length === 0
        ? html`<p class="empty">No drift seen. In proxy mode every real answer is checked against the documents.</p>`
        : html`<table>
            <thead><tr><th>request</th><th>operation</th><th>kind</th><th>where</th><th>expected</th><th>seen</th></tr></thead>
            <tbody>
              ${drift.map(
                (finding, i) => html`<tr key=${`${finding.request}-${i}`}>
                  <td>${finding.request}</td>
                  <td class="mono">${finding.api} ${finding.operation}</td>
                  <td>${finding.kind}</td>
                  <td class="mono">${finding.pointer}</td>
                  <td class="mono">${finding.expected}</td>
                  <td class="mono">${finding.seen}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`
}

function lastAttempt(delivery) {
  const attempt = delivery.attempts?.at(-1)
  if (!attempt) return ''
  return `${delivery.attempts.length}× last ${attempt.status ?? attempt.error ?? '?'} at ${attempt.at}`
}

function Outbox({ outbox }) {
  return html`<section data-testid="outbox">
    <h2>Webhook outbox <small>oldest first</small></h2>
    ${
      outbox === null || outbox.length === 0
        ? html`<p class="empty">No deliveries.</p>`
        : html`<table>
            <thead><tr><th>batch</th><th>state</th><th>events</th><th>to</th><th>attempts</th><th>next</th></tr></thead>
            <tbody>
              ${outbox.map(
                (delivery, i) => html`<tr key=${delivery.id ?? i}>
                  <td class="mono">${String(delivery.id ?? '').slice(0, 8)}</td>
                  <td><span class=${`status delivery-${delivery.state}`}>${delivery.state}</span></td>
                  <td>${(delivery.events ?? []).map((event) => event.type).join(', ')}</td>
                  <td class="mono">${delivery.url ?? ''}</td>
                  <td>${lastAttempt(delivery)}</td>
                  <td>${delivery.next_attempt_at ?? ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`
}

function App() {
  const [sandbox, setSandbox] = useState(selectedSandbox())
  const [actionError, setActionError] = useState(null)
  useEffect(() => {
    const onHash = () => setSandbox(selectedSandbox())
    addEventListener('hashchange', onHash)
    return () => removeEventListener('hashchange', onHash)
  }, [])
  const [{ overview, requests, outbox, sandboxes, drift, error }, refresh] = usePolledState(sandbox)
  const choose = (event) => {
    location.hash = `sandbox=${encodeURIComponent(event.currentTarget.value)}`
  }
  const ids = sandboxes.map((each) => each.id)
  if (!ids.includes(sandbox)) ids.push(sandbox)
  return html`<header>
      <h1>wealth-sandbox</h1>
      <label>sandbox <select value=${sandbox} onChange=${choose}>${ids.map((id) => html`<option key=${id} value=${id}>${id}</option>`)}</select></label>
      ${overview && html`<span>scenario <strong>${overview.scenario}</strong>, seed ${overview.seed}</span>`}
      ${overview && html`<span>${overview.faults} fault rule${overview.faults === 1 ? '' : 's'}</span>`}
    </header>
    ${(error || actionError) && html`<p class="error" onClick=${() => setActionError(null)}>${actionError || error}</p>`}
    ${
      overview
        ? html`<${Controls} sandbox=${sandbox} overview=${overview} refresh=${refresh} onError=${setActionError} />
          <div class="columns">
            <div><${AccountGroups} accountGroups=${overview.accountGroups} /><${Groups} groups=${overview.groups} /></div>
            <div><${Drift} drift=${drift} /><${Journal} requests=${requests} sandbox=${sandbox} refresh=${refresh} onError=${setActionError} /><${Outbox} outbox=${outbox} /></div>
          </div>`
        : html`<p>Loading…</p>`
    }`
}

render(html`<${App} />`, document.getElementById('app'))

// An example app that talks to the real Upvest and Addepar URLs; the sandbox answers them in the page.
// Query parameters: persist=session|local keeps the state across reloads; clock=frozen stops time.
import { startBrowserSandbox } from '../../../src/browser.js'

const UPVEST = 'https://sandbox.upvest.co'
const ADDEPAR = 'https://examplefirm.addepar.com/api'
const CLIENT = { id: '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b', secret: 'sandbox-secret-acme-full' }
const ADDEPAR_HEADERS = {
  authorization: `Basic ${btoa('sandbox-admin-key:sandbox-admin-secret')}`,
  'addepar-firm': '123',
}
const OWNER = '413715f2-5401-4b97-8055-034a6b879f8c'

const query = new URLSearchParams(location.search)
const persist = query.get('persist')
const { sandbox } = await startBrowserSandbox({
  scenario: 'default',
  persist: persist === 'session' || persist === 'local' ? persist : false,
  clock: query.get('clock') === 'frozen' ? 'frozen' : 'real',
})

function item(list: string, text: string, id?: string): HTMLLIElement {
  const li = document.createElement('li')
  li.textContent = text
  if (id) li.id = id
  document.getElementById(list)?.append(li)
  return li
}

async function renderGroups(): Promise<void> {
  const { data: groups } = await (await fetch(`${ADDEPAR}/v1/groups`, { headers: ADDEPAR_HEADERS })).json()
  for (const group of groups as { id: string; attributes: { name: string } }[]) {
    const members = await (await fetch(`${ADDEPAR}/v1/groups/${group.id}/members`, { headers: ADDEPAR_HEADERS })).json()
    const names = (members.data as { attributes: { original_name: string } }[]).map((m) => m.attributes.original_name)
    item('groups', `${group.attributes.name}: ${names.join(', ') || 'no members'}`, `group-${group.id}`)
  }
}

let token: string | undefined
async function upvestHeaders(): Promise<Record<string, string>> {
  if (!token) {
    const response = await fetch(`${UPVEST}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': CLIENT.id },
      body: new URLSearchParams({
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        grant_type: 'client_credentials',
        scope: 'accounts:read accounts:admin',
      }),
    })
    token = (await response.json()).access_token
  }
  return { authorization: `Bearer ${token}`, 'upvest-client-id': CLIENT.id, accept: 'application/json' }
}

interface AccountGroup {
  id: string
  type: string
  status: string
}

function showAccountGroup(group: AccountGroup): void {
  const existing = document.getElementById(`account-group-${group.id}`)
  const li = existing ?? item('account-groups', '', `account-group-${group.id}`)
  li.textContent = `${group.type} ${group.id}: ${group.status} `
  if (group.status === 'ACTIVE') {
    const close = document.createElement('button')
    close.type = 'button'
    close.textContent = 'Close'
    close.addEventListener('click', () => void closeAccountGroup(group.id))
    li.append(close)
  }
}

async function createAccountGroup(): Promise<AccountGroup> {
  const response = await fetch(`${UPVEST}/account_groups`, {
    method: 'POST',
    headers: { ...(await upvestHeaders()), 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ user_id: OWNER, type: 'ISA' }),
  })
  const group = (await response.json()) as AccountGroup
  showAccountGroup(group)
  return group
}

async function refreshAccountGroup(id: string): Promise<AccountGroup> {
  const group = (await (
    await fetch(`${UPVEST}/account_groups/${id}`, { headers: await upvestHeaders() })
  ).json()) as AccountGroup
  showAccountGroup(group)
  return group
}

async function closeAccountGroup(id: string): Promise<void> {
  await fetch(`${UPVEST}/account_groups/${id}?closure_reason=user_initiated`, {
    method: 'DELETE',
    headers: await upvestHeaders(),
  })
  await refreshAccountGroup(id)
}

// No HTTP receiver exists in a page: the sandbox hands its webhook events to the page directly.
sandbox.webhooks.subscribe((event) => {
  const group = event.object as unknown as AccountGroup
  item('events', `${event.type} ${group.id}`)
  showAccountGroup(group)
})

document.getElementById('create')?.addEventListener('click', () => void createAccountGroup())
await renderGroups()

// Exposed for the browser tests, which drive the app in an iframe.
Object.assign(window, { app: { sandbox, createAccountGroup, closeAccountGroup, refreshAccountGroup } })
document.body.dataset.ready = 'true'

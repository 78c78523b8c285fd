// An example app that talks to the real Upvest and Addepar URLs; the sandbox answers them in the page.
// Query parameters: persist=session|local keeps the state across reloads; clock=frozen stops time.
// api=<url of a local server> calls that server instead, and api=real the real URLs, both without a sandbox in the
// page: how the Playwright tests (test/e2e) run it, one isolated sandbox per test (docs/testing.md#playwright).
import { type Sandbox, startBrowserSandbox } from '../../../src/browser.js'

const query = new URLSearchParams(location.search)
const api = query.get('api')
const server = api && api !== 'real' ? api.replace(/\/$/, '') : undefined
const UPVEST = server ?? 'https://sandbox.upvest.co'
const ADDEPAR = server ? `${server}/api` : 'https://examplefirm.addepar.com/api'
const CLIENT = { id: '2f5a3c1e-8b4d-4e6f-9a7b-1c2d3e4f5a6b', secret: 'sandbox-secret-acme-full' }
const ADDEPAR_HEADERS = {
  authorization: `Basic ${btoa('sandbox-admin-key:sandbox-admin-secret')}`,
  'addepar-firm': '123',
}
const OWNER = '413715f2-5401-4b97-8055-034a6b879f8c'

const persist = query.get('persist')
// Without api=..., the sandbox runs in the page (msw's service worker answers the real URLs).
const sandbox: Sandbox | undefined = api
  ? undefined
  : (
      await startBrowserSandbox({
        scenario: 'default',
        persist: persist === 'session' || persist === 'local' ? persist : false,
        clock: query.get('clock') === 'frozen' ? 'frozen' : 'real',
      })
    ).sandbox

function item(list: string, text: string, id?: string): HTMLLIElement {
  const li = document.createElement('li')
  li.textContent = text
  if (id) li.id = id
  document.getElementById(list)?.append(li)
  return li
}

let rendering = Promise.resolve()

/** Lists the groups with their members; one listing at a time, each replacing the previous one whole. */
function renderGroups(): Promise<void> {
  rendering = rendering.then(async () => {
    const { data: groups } = await (await fetch(`${ADDEPAR}/v1/groups`, { headers: ADDEPAR_HEADERS })).json()
    const items: HTMLLIElement[] = []
    for (const group of groups as { id: string; attributes: { name: string } }[]) {
      const members = await (
        await fetch(`${ADDEPAR}/v1/groups/${group.id}/members`, { headers: ADDEPAR_HEADERS })
      ).json()
      const names = (members.data as { attributes: { original_name: string } }[]).map((m) => m.attributes.original_name)
      const li = document.createElement('li')
      li.textContent = `${group.attributes.name}: ${names.join(', ') || 'no members'}`
      li.id = `group-${group.id}`
      items.push(li)
    }
    document.getElementById('groups')?.replaceChildren(...items)
  })
  return rendering
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

/** The owner's account groups, those opened before this page included. */
async function loadAccountGroups(): Promise<void> {
  const response = await fetch(`${UPVEST}/users/${OWNER}/account_groups?limit=100`, { headers: await upvestHeaders() })
  for (const group of (await response.json()).data as AccountGroup[]) showAccountGroup(group)
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
  let group = await refreshAccountGroup(id)
  // Without a sandbox in the page no event reaches it: look again until the closure is over.
  while (!sandbox && group.status === 'CLOSING') {
    await new Promise((resolve) => setTimeout(resolve, 250))
    group = await refreshAccountGroup(id)
  }
}

const ADDEPAR_WRITE = { ...ADDEPAR_HEADERS, 'content-type': 'application/vnd.api+json' }

async function createGroup(name: string): Promise<string> {
  const response = await fetch(`${ADDEPAR}/v1/groups`, {
    method: 'POST',
    headers: ADDEPAR_WRITE,
    body: JSON.stringify({
      data: {
        type: 'groups',
        attributes: { name },
        relationships: { group_type: { data: { type: 'group_types', id: 'HH_GROUPS' } } },
      },
    }),
  })
  const { data } = await response.json()
  await renderGroups()
  return data.id
}

async function renameGroup(id: string, name: string): Promise<void> {
  await fetch(`${ADDEPAR}/v1/groups/${id}`, {
    method: 'PATCH',
    headers: ADDEPAR_WRITE,
    body: JSON.stringify({ data: { type: 'groups', id, attributes: { name } } }),
  })
  await renderGroups()
}

// No HTTP receiver exists in a page: the sandbox hands its webhook events to the page directly.
sandbox?.webhooks.subscribe((event) => {
  const group = event.object as unknown as AccountGroup
  item('events', `${event.type} ${group.id}`)
  showAccountGroup(group)
})

const input = (id: string) => (document.getElementById(id) as HTMLInputElement).value
document.getElementById('create')?.addEventListener('click', () => void createAccountGroup())
document.getElementById('create-group')?.addEventListener('click', () => void createGroup(input('group-name')))
document
  .getElementById('rename-group')
  ?.addEventListener('click', () => void renameGroup(input('rename-id'), input('group-name')))
// With a sandbox in the page the list starts empty (tests read its state); from a server, show what is there.
await Promise.all([renderGroups(), sandbox ? undefined : loadAccountGroups()])

// Exposed for the browser tests, which drive the app in an iframe.
Object.assign(window, {
  app: { sandbox, createAccountGroup, closeAccountGroup, refreshAccountGroup, createGroup, renameGroup },
})
document.body.dataset.ready = 'true'

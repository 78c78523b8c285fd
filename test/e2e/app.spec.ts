import { expect, test } from '../../src/playwright.js'

// The example app (test/browser/app) end to end, eight tests at once on four workers against one local server:
// each creates and closes account groups and edits Addepar groups in its own sandbox, and checks that it sees
// exactly its own changes. Half of them point the app at the server (?api=<server>), half let it call the
// providers' real URLs (?api=real), which the fixture routes to the same sandbox.

const GROUP_5 = 'Group 1: Whitaker Family Trust, Whitaker Holdings LLC, Brokerage 4471'
/** The default scenario's account groups of the app's user, and its households. */
const SEEDED_ACCOUNT_GROUPS = 2
const SEEDED_GROUPS = 10

for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
  const api = n % 2 === 0 ? 'server' : 'real'
  test(`household ${n} (${api} URLs) sees only its own account groups and groups`, async ({ page, sandbox }) => {
    // One server for every worker: the one globalSetup or test/e2e/ci-shape.sh started.
    expect(sandbox.urls.upvest).toBe(`${process.env.SANDBOX_URL}/`)
    const base = api === 'server' ? sandbox.urls.upvest : 'real'
    await page.goto(`${process.env.APP_URL}?api=${encodeURIComponent(base)}`)
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')

    // A fresh sandbox: the seeded data, nothing of the other tests.
    await expect(page.locator('#group-5')).toHaveText(GROUP_5)
    await expect(page.locator('#groups li')).toHaveCount(SEEDED_GROUPS)
    await expect(page.locator('#account-groups li')).toHaveCount(SEEDED_ACCOUNT_GROUPS)

    // Addepar: rename group 5 and add a household.
    await page.fill('#group-name', `Household ${n}`)
    await page.fill('#rename-id', '5')
    await page.click('#rename-group')
    await expect(page.locator('#group-5')).toHaveText(/^Household \d: /)
    await page.fill('#group-name', `New household ${n}`)
    await page.click('#create-group')
    await expect(page.locator('#groups li')).toHaveCount(SEEDED_GROUPS + 1)

    // Upvest: open two account groups and close one; the closure completes when the sandbox clock moves.
    const rows = page.locator('#account-groups li')
    const seeded = await rows.evaluateAll((items) => items.map((item) => item.id))
    await page.click('#create')
    await expect(rows).toHaveCount(SEEDED_ACCOUNT_GROUPS + 1)
    await page.click('#create')
    await expect(rows).toHaveCount(SEEDED_ACCOUNT_GROUPS + 2)
    const mine = (await rows.evaluateAll((items) => items.map((item) => item.id))).filter((id) => !seeded.includes(id))
    expect(mine).toHaveLength(2)
    const [closing = '', open = ''] = mine
    const id = closing.replace('account-group-', '')
    await page.locator(`#${closing}`).getByRole('button', { name: 'Close' }).click()
    await expect(page.locator(`#${closing}`)).toContainText('CLOSING')
    await sandbox.clock.advance('5s')
    const closed = await sandbox.webhooks.next('ACCOUNT_GROUP.CLOSED')
    expect(closed.object).toMatchObject({ id, status: 'CLOSED' })
    await expect(page.locator(`#${closing}`)).toContainText('CLOSED')

    // After a reload the page shows exactly this test's changes, whatever the other seven did meanwhile.
    await page.reload()
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    await expect(page.locator('#group-5')).toHaveText(`Household ${n}: ${GROUP_5.split(': ')[1]}`)
    await expect(page.locator('#groups li')).toHaveCount(SEEDED_GROUPS + 1)
    await expect(page.locator('#groups li', { hasText: /New household \d/ })).toHaveText([
      `New household ${n}: no members`,
    ])
    await expect(rows).toHaveCount(SEEDED_ACCOUNT_GROUPS + 2)
    // Listed by created_at, ties (the same second) by id: compare as sets.
    const after = await rows.evaluateAll((items) => items.map((item) => item.id))
    expect(after.sort()).toEqual([...seeded, ...mine].sort())
    await expect(page.locator(`#${closing}`)).toContainText('CLOSED')
    await expect(page.locator(`#${open}`)).toContainText('ACTIVE')

    // The same seen from the test: this sandbox's events and journal, and the shared default sandbox untouched.
    expect((await sandbox.webhooks.events()).map((event) => event.type).sort()).toEqual([
      'ACCOUNT_GROUP.CLOSED',
      'ACCOUNT_GROUP.CLOSING_INITIATED',
      'ACCOUNT_GROUP.CREATED',
      'ACCOUNT_GROUP.CREATED',
    ])
    const renames = await sandbox.control.requests({ method: 'PATCH' })
    expect(renames.map((entry) => entry.sandbox)).toEqual([sandbox.id])
    const shared = await fetch(`${sandbox.urls.addepar}v1/groups/5`, {
      headers: { authorization: `Basic ${btoa('sandbox-admin-key:sandbox-admin-secret')}`, 'addepar-firm': '123' },
    })
    expect((await shared.json()).data.attributes.name).toBe('Group 1')
  })
}

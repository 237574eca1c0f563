// The embedded demo's sign-in and the people screen, in Chromium: the switcher is labelled as
// the demo's sign-in (演示登录) and has no anonymous entry; an administrator opens 人员管理 from
// the header, gives a new account a role and unit, changes it, removes it, and is told in words
// that the last administrator cannot be demoted. Non-administrators get no such button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { askDb, startApp, waitForMap, type App } from './browser'

const ADMIN = '00000000-0000-4000-8000-000000000001'
const OFFICER_1 = '00000000-0000-4000-8000-000000000003'
const NEW_ID = '00000000-0000-4000-8000-0000000000d1'

describe('demo sign-in and people (embedded mode)', () => {
  let app: App
  let page: Page
  beforeAll(async () => {
    mkdirSync('/tmp/shots-people', { recursive: true })
    app = await startApp()
    page = await app.open('/')
    await waitForMap(page)
  })
  afterAll(() => app?.close())

  const signIn = async (id: string) => { await page.getByTestId('user-switch').selectOption(id); await page.waitForTimeout(400) }
  const row = (text: string) => page.getByTestId('person').filter({ hasText: text })

  it('labels the switcher as the demo sign-in, without an anonymous visitor', async () => {
    const label = await page.locator('label', { has: page.getByTestId('user-switch') }).textContent()
    expect(label).toContain('演示登录')
    const values = await page.getByTestId('user-switch').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    expect(values).not.toContain('')
    expect(values).toHaveLength(6)
  })

  it('shows 人员管理 to administrators only', async () => {
    await signIn(OFFICER_1)
    expect(await page.getByTestId('open-people').count()).toBe(0)
    await signIn(ADMIN)
    await page.getByTestId('open-people').waitFor()
  })

  it('lets an administrator add, change and remove a person', async () => {
    await page.getByTestId('open-people').click()
    await page.getByTestId('people').waitFor()
    await row('秦秀兰').waitFor()
    expect(await row('秦秀兰').textContent()).toContain('网格员')

    await page.getByTestId('people-add').click()
    await page.getByTestId('people-id').fill('not-a-uuid')
    await page.getByTestId('people-name').fill('王建国')
    await page.getByTestId('people-save').click()
    expect(await page.getByTestId('people-error').textContent()).toContain('UUID')

    await page.getByTestId('people-id').fill(NEW_ID)
    await page.getByTestId('people-role').selectOption('officer')
    await page.getByTestId('people-unit').selectOption('3')
    await page.getByTestId('people-save').click()
    await row('王建国').waitFor()
    expect(await row('王建国').textContent()).toContain('网格员')
    await page.screenshot({ path: '/tmp/shots-people/people.png' })
    // oracle: the role and unit the database now holds for the new person
    expect(await askDb(page, (api, id) => api.listAppUsers().then((l: any[]) => l.find((p) => p.id === id)), NEW_ID))
      .toMatchObject({ role: 'officer', unit_id: 3 })

    await row('王建国').getByTestId('person-edit').click()
    await page.getByTestId('people-role').selectOption('leader')
    await page.getByTestId('people-save').click()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=person]')].some((r) => r.textContent?.includes('王建国') && r.textContent.includes('包保领导')))

    page.once('dialog', (d) => void d.accept())
    await row('王建国').getByTestId('person-remove').click()
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=person]')].some((r) => r.textContent?.includes('王建国')))
  })

  it('refuses demoting the last administrator, in words', async () => {
    await row('系统管理员').getByTestId('person-edit').click()
    await page.getByTestId('people-role').selectOption('leader')
    await page.getByTestId('people-save').click()
    await page.getByTestId('people-error').waitFor()
    expect(await page.getByTestId('people-error').textContent()).toBe('这是最后一位系统管理员，不能删除或改为其他角色')
    expect(app.pageErrors).toEqual([])
    expect(app.externalRequests).toEqual([])
  })
})

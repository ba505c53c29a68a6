import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../support/chromium.ts'
import { startTestApp, type TestApp } from '../../support/test-app.ts'

describe('local chat page in Chromium', () => {
  let app: TestApp
  let browser: Browser
  beforeAll(async () => {
    app = await startTestApp()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  async function openPhonePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${app.url}/`)
    return page
  }

  it('lets a new user pick a person, say 帮助 and read the help text', async () => {
    const page = await openPhonePage()
    await expect.poll(() => page.locator('#person option').count()).toBe(5)
    await page.selectOption('#person', { label: '教务处（职能部门 · 教务处）' })
    expect(await page.inputValue('#user-id')).toBe('jiaowuchu')
    await page.click('#identity button[type=submit]')
    await page.fill('#text', '帮助')
    await page.press('#text', 'Enter')
    await page.locator('#messages li.bot').first().waitFor()
    expect(await page.locator('#messages li.mine').innerText()).toBe('帮助')
    expect(await page.locator('#messages li.bot').first().innerText()).toContain('您好，我是联系助手')
    const stored = await app.store.connection.collection('inbound_messages').findOne({ 'message.sender.userId': 'jiaowuchu' })
    expect(stored?.message).toMatchObject({ text: '帮助', sender: { name: '教务处', roleHint: 'office' } })
    // Nothing sticks out of a phone-sized screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await page.context().close()
  })

  it('talks in a pretend group as a person of free choice, and remembers who that was', async () => {
    const page = await openPhonePage()
    await page.selectOption('#person', '')
    await page.fill('#user-id', 'zhao01')
    await page.fill('#user-name', '赵老师')
    await page.selectOption('#role', 'leader')
    await page.check('input[name=chat-type][value=group]')
    await page.fill('#group-id', 'college-leaders')
    await page.fill('#group-title', '学院班子群')
    await page.click('#identity button[type=submit]')
    await page.fill('#text', '今天的安排是什么')
    await page.click('#send')
    await page.locator('#messages li.bot').first().waitFor()
    const stored = await app.store.connection.collection('inbound_messages').findOne({ 'message.sender.userId': 'zhao01' })
    expect(stored?.message).toMatchObject({ chat: { type: 'group', chatId: 'college-leaders', title: '学院班子群' }, mentions: [{ isBot: true }] })
    await page.reload()
    expect(await page.inputValue('#user-name')).toBe('赵老师')
    expect(await page.locator('#who').innerText()).toContain('学院班子群')
    await page.context().close()
  })
})

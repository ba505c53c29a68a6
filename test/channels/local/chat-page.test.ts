import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../support/chromium.ts'
import { startTestApp, type TestApp } from '../../support/test-app.ts'
import { importRosterFile } from '../../support/transcript.ts'

const SAMPLE_ROSTER = path.resolve(import.meta.dirname, '../../../docs/sample-roster.csv')

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

  it('with no roster, offers the sample requesters, says how to import one, and answers 帮助', async () => {
    const page = await openPhonePage()
    await expect.poll(() => page.locator('#person option').count()).toBe(4)
    await expect.poll(() => page.locator('#status').innerText()).toContain('npm run roster -- import docs/sample-roster.csv')
    await page.selectOption('#person', { label: '李晓明（师生 · 计算机2101班）' })
    expect(await page.inputValue('#user-id')).toBe('lixiaoming')
    await page.click('#identity button[type=submit]')
    await page.fill('#text', '帮助')
    await page.press('#text', 'Enter')
    await page.locator('#messages li.bot').first().waitFor()
    expect(await page.locator('#messages li.mine').innerText()).toBe('帮助')
    expect(await page.locator('#messages li.bot').first().innerText()).toContain('您好，我是联系助手')
    const stored = await app.store.connection.collection('inbound_messages').findOne({ 'message.sender.userId': 'lixiaoming' })
    expect(stored?.message).toMatchObject({ text: '帮助', sender: { name: '李晓明', roleHint: 'student' } })
    // Nothing sticks out of a phone-sized screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await page.context().close()
  })

  it('after a roster import, a leader reports a contact in one message and confirms it with the card button', async () => {
    await importRosterFile(app, SAMPLE_ROSTER)
    const page = await openPhonePage()
    await expect.poll(() => page.locator('#person option').count()).toBe(21)
    await page.selectOption('#person', { label: '陈志强（领导干部 · 计算机学院）' })
    await page.check('input[name=chat-type][value=single]')
    await page.click('#identity button[type=submit]')
    await page.fill('#text', '昨天下午在3号宿舍和计算机2101班座谈，同学们反映热水供应不稳定')
    await page.press('#text', 'Enter')
    const card = page.locator('#messages li.bot', { hasText: '请确认联系记录' })
    await card.waitFor()
    expect(await card.innerText()).toContain('3号宿舍')
    await card.getByRole('button', { name: '确认' }).click()
    await page.locator('#messages li.bot', { hasText: '已记录' }).waitFor()
    expect(await page.locator('#messages li.bot', { hasText: '已记录' }).innerText()).toMatch(/意见 \d{4}-0001 已交后勤管理处办理/)
    expect(await app.store.connection.collection('contacts').countDocuments({ place: '3号宿舍', status: 'confirmed' })).toBe(1)
    await page.context().close()
  })

  it('in a pretend group, shows the answers sent one-to-one beside the group note, and remembers who spoke', async () => {
    const page = await openPhonePage()
    await page.selectOption('#person', { label: '王晓红（师生 · 机械2003班）' })
    await page.check('input[name=chat-type][value=group]')
    await page.fill('#group-id', 'class-2003')
    await page.fill('#group-title', '机械2003班群')
    await page.click('#identity button[type=submit]')
    await page.fill('#text', '实验楼的空调坏了，上课很热')
    await page.click('#send')
    await page.locator('#messages li.bot', { hasText: '已私信回复您' }).waitFor()
    const privately = page.locator('#messages li.bot', { hasText: '联系助手（私信）' })
    await privately.waitFor()
    expect(await privately.innerText()).toContain('已登记您的意见')
    const stored = await app.store.connection.collection('inbound_messages').findOne({ 'message.sender.userId': 'wangxiaohong' })
    expect(stored?.message).toMatchObject({ chat: { type: 'group', chatId: 'class-2003', title: '机械2003班群' }, mentions: [{ isBot: true }] })
    await page.reload()
    expect(await page.inputValue('#user-name')).toBe('王晓红')
    expect(await page.locator('#who').innerText()).toContain('机械2003班群')
    await page.context().close()
  })
})

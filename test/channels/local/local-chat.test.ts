import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { startTestApp, type TestApp } from '../../support/test-app.ts'
import { importRosterFile } from '../../support/transcript.ts'

interface Replies {
  replies: Array<{ seq: number; message: { kind: string; text: string } }>
  last: number
  epoch: string
}

describe('local chat API', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(() => app.close())

  const post = (body: unknown) => fetch(`${app.url}/local/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const read = async (query: string) => (await (await fetch(`${app.url}/local/replies?${query}`)).json()) as Replies

  it('offers the sample requesters to speak as, and everyone on the roster once it is imported', async () => {
    type Listed = { people: Array<{ userId: string; role: string; unit?: string; onRoster?: boolean }> }
    const before = (await (await fetch(`${app.url}/local/people`)).json()) as Listed
    expect(before.people.map((p) => [p.role, p.onRoster ?? false])).toEqual([['student', false], ['student', false], ['student', false]])
    await importRosterFile(app, path.resolve(import.meta.dirname, '../../../docs/sample-roster.csv'))
    const after = (await (await fetch(`${app.url}/local/people`)).json()) as Listed
    const byId = new Map(after.people.map((p) => [p.userId, p]))
    expect(after.people).toHaveLength(20)
    expect(byId.get('zhangjianguo')).toMatchObject({ role: 'leader', unit: '党委', onRoster: true })
    expect(byId.get('zhaoxiaoyan')).toMatchObject({ role: 'leader', onRoster: true })
    expect(byId.get('wugang')).toMatchObject({ role: 'office', unit: '后勤管理处' })
    expect(byId.get('qianjin')).toMatchObject({ role: 'admin' })
    expect(byId.get('lixiaoming')).toMatchObject({ role: 'student' })
  })

  it('answers 帮助 with the help text, once for a resent message', async () => {
    const message = { id: 'x1', sender: { userId: 'wang', name: '王老师', role: 'leader' }, chat: { type: 'single' }, text: '帮助' }
    expect((await post(message)).status).toBe(202)
    expect(((await (await post(message)).json()) as { status: string }).status).toBe('duplicate')
    const first = await read('type=single&id=wang&waitMs=5000')
    expect(first.replies).toHaveLength(1)
    expect(first.replies[0]!.message.text).toContain('联系助手')
    await app.inbox.idle()
    const later = await read(`type=single&id=wang&after=${first.last}&epoch=${first.epoch}`)
    expect(later.replies).toHaveLength(0)
    const stored = await app.store.connection.collection('inbound_messages').findOne({ key: 'local:msg:x1' })
    expect(stored?.message).toMatchObject({ platform: 'local', sender: { userId: 'wang', name: '王老师', roleHint: 'leader' }, chat: { type: 'single', chatId: 'wang' } })
  })

  it('answers in the pretend group, not to the person', async () => {
    await post({ id: 'g1', sender: { userId: 'li', name: '李晓明', role: 'student' }, chat: { type: 'group', chatId: 'class-2101', title: '计算机2101班' }, text: '在吗' })
    expect((await read('type=group&id=class-2101&waitMs=5000')).replies).toHaveLength(1)
    expect((await read('type=single&id=li')).replies).toHaveLength(0)
  })

  it('starts over for a reader whose position is from before a restart', async () => {
    const all = await read('type=single&id=wang')
    expect((await read(`type=single&id=wang&after=${all.last + 100}&epoch=stale`)).replies).toHaveLength(all.replies.length)
  })

  it.each([
    ['no text', { id: 'b1', sender: { userId: 'wang', name: 'w' }, chat: { type: 'single' } }],
    ['a group without id', { id: 'b2', sender: { userId: 'wang', name: 'w' }, chat: { type: 'group' }, text: 'x' }],
    ['an unknown role', { id: 'b3', sender: { userId: 'wang', name: 'w', role: 'king' }, chat: { type: 'single' }, text: 'x' }],
  ])('refuses a message with %s: 400', async (_, body) => {
    expect((await post(body)).status).toBe(400)
  })
})

import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/open-store.ts'
import { startTestApp } from '../support/test-app.ts'
import { openTestStore } from '../support/test-store.ts'
import { importRosterFile } from '../support/transcript.ts'

describe('a conversation across a restart', () => {
  let store: Store
  beforeAll(async () => {
    store = await openTestStore()
  })
  afterAll(() => store.close())

  it('keeps the step it was at: the answer after the restart completes the record', async () => {
    const now = () => new Date('2026-11-18T10:00:00+08:00')
    const say = async (url: string, id: string, text: string) => {
      const response = await fetch(`${url}/local/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, sender: { userId: 'chenzhiqiang', name: '陈志强' }, chat: { type: 'single' }, text }),
      })
      expect(response.status).toBe(202)
    }
    const read = async (url: string) => {
      const body = (await (await fetch(`${url}/local/replies?type=single&id=chenzhiqiang&waitMs=5000`)).json()) as { replies: Array<{ message: { text: string } }> }
      return body.replies.map((r) => r.message.text).join('\n')
    }

    const first = await startTestApp({ store, now })
    await importRosterFile(first, path.resolve(import.meta.dirname, '../../docs/sample-roster.csv'))
    await say(first.url, 'before-restart', '在3号宿舍和计算机2101班座谈')
    expect(await read(first.url)).toContain('哪一天')
    await first.close()

    const second = await startTestApp({ store, now })
    await say(second.url, 'after-restart', '昨天')
    await second.inbox.idle()
    expect(await read(second.url)).toContain('时间：2026-11-17')
    expect(await store.connection.collection('sessions').findOne({ _id: 'local:chenzhiqiang' as never })).toMatchObject({ flow: 'report_contact', step: 'confirm', slots: { date: '2026-11-17', place: '3号宿舍' } })
    await second.close()
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/log.ts'
import type { Store } from '../../src/store/open-store.ts'
import { Contacts, type NewContact } from '../../src/store/contacts.ts'
import { openTestStore } from '../support/test-store.ts'

const contact = (n: number, fields: Partial<NewContact> = {}): NewContact => ({
  leaderId: `leader${n % 2}`,
  enteredById: `leader${n % 2}`,
  status: 'confirmed',
  kinds: ['座谈'],
  date: `2026-11-${String(10 + n).padStart(2, '0')}`,
  time: null,
  place: '3号宿舍',
  targets: ['计算机2101班'],
  faceToFace: true,
  opinions: [],
  summary: `第${n}次`,
  text: `座谈${n}`,
  sourceKey: `window:${n}`,
  createdAt: new Date(),
  ...fields,
})

/** Two bot instances on one database: each keeps its own window, both see every write. */
describe('the window of confirmed contacts', () => {
  let store: Store
  let first: Contacts
  let second: Contacts

  beforeAll(async () => {
    store = await openTestStore()
    first = await Contacts.open(store.connection, silentLogger())
    second = await Contacts.open(store.connection, silentLogger())
  })
  afterAll(() => store.close())

  const summaries = async (contacts: Contacts, from = '2026-11-01', to = '2026-11-30') => (await contacts.confirmedBetween(from, to)).map((c) => c.summary).sort()

  it('answers from what it read, then follows the writes of either instance', async () => {
    const saved = await Promise.all([1, 2, 3].map((n) => first.insert(contact(n))))
    expect(await summaries(first)).toEqual(['第1次', '第2次', '第3次'])
    expect(await summaries(second)).toEqual(['第1次', '第2次', '第3次'])

    await second.insert(contact(4))
    await second.changeStatus(saved[0]!.id, ['confirmed'], 'withdrawn', 'leader1', new Date())
    const pending = await first.insert(contact(5, { status: 'awaiting_leader' }))
    expect(await summaries(first)).toEqual(['第2次', '第3次', '第4次'])

    await second.changeStatus(pending.id, ['awaiting_leader'], 'confirmed', 'leader1', new Date())
    expect(await summaries(first)).toEqual(['第2次', '第3次', '第4次', '第5次'])
    expect(await summaries(second)).toEqual(['第2次', '第3次', '第4次', '第5次'])
  })

  it('keeps to the dates asked, and reads further back when asked for earlier ones', async () => {
    await first.insert(contact(20, { date: '2026-10-08', summary: '国庆后' }))
    expect(await summaries(first, '2026-11-12', '2026-11-13')).toEqual(['第2次', '第3次'])
    expect(await summaries(first, '2026-10-01', '2026-10-31')).toEqual(['国庆后'])
    expect(await summaries(second, '2026-11-14', '2026-11-30')).toEqual(['第4次', '第5次'])
  })

  it('reads the window again when contacts were written around the model (no updatedAt)', async () => {
    expect(await summaries(first, '2026-11-14', '2026-11-30')).toEqual(['第4次', '第5次'])
    await store.connection.collection('contacts').insertOne({ ...contact(6), summary: '脚本写入', history: [] })
    expect(await summaries(first, '2026-11-14', '2026-11-30')).toEqual(['第4次', '第5次', '脚本写入'])
    await store.connection.collection('contacts').deleteOne({ summary: '脚本写入' })
    expect(await summaries(first, '2026-11-14', '2026-11-30')).toEqual(['第4次', '第5次'])
  })

  it('reads the given leaders directly, with the same fields', async () => {
    const direct = await first.confirmedBetween('2026-11-01', '2026-11-30', ['leader0'])
    const windowed = (await first.confirmedBetween('2026-11-01', '2026-11-30')).filter((c) => c.leaderId === 'leader0')
    expect(direct.sort((a, b) => a.date.localeCompare(b.date))).toEqual(windowed.sort((a, b) => a.date.localeCompare(b.date)))
    expect(direct.map((c) => c.summary)).toEqual(['第2次', '第4次'])
  })
})

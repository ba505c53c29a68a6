import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const input = [
  JSON.stringify({ text: '上周三下午在3号宿舍和计算机2101班座谈，反映热水不稳定', now: '2026-11-18T10:00:00+08:00', role: 'collegeLeader' }),
  'not json',
  JSON.stringify({ now: '2026-11-18T10:00:00+08:00' }),
  JSON.stringify({ text: '宿舍热水经常没有，希望尽快修', now: 'yesterday' }),
  JSON.stringify({ text: '匿名反映：图书馆座位被占', now: '2026-11-18T10:00:00+08:00' }),
  JSON.stringify({ text: '确认', now: '2026-11-18T10:00:00+08:00' }),
  JSON.stringify({ text: '查询 2026-0042', now: '2026-11-18T10:00:00+08:00' }),
].join('\n')

describe('npm run parse', () => {
  const lines = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/parse.ts'], { input, encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

  it('writes one line per input line, in order', () => {
    expect(lines).toHaveLength(7)
  })

  it('writes the flat contact fields with the outside name types', () => {
    expect(lines[0]).toEqual({
      intent: 'report_contact',
      types: ['座谈', '进宿舍'],
      date: '2026-11-11',
      time: null,
      place: '3号宿舍',
      targets: ['计算机2101班'],
      faceToFace: true,
      opinions: ['热水不稳定'],
      summary: expect.any(String),
      missing: [],
    })
  })

  // [line, expected]
  const rows: ReadonlyArray<readonly [number, Record<string, unknown>]> = [
    [1, { error: expect.stringContaining('JSON') }],
    [2, { error: expect.stringContaining('text') }],
    [3, { error: expect.stringContaining('now') }],
    [4, { intent: 'submit_opinion', category: '图书馆', opinions: ['图书馆座位被占'], anonymous: true }],
    [5, { intent: 'confirm' }],
    [6, { intent: 'query_opinion', ticketNo: '2026-0042' }],
  ]
  it.each(rows)('line %i', (index, expected) => {
    expect(lines[index]).toEqual(expected)
  })
})

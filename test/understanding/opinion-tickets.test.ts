import { describe, expect, it } from 'vitest'
import { createUnderstanding, opinionTickets, parse } from '../../src/understanding/index.ts'

const understanding = createUnderstanding('conversations/vocabulary')
const NOW = new Date('2026-12-02T10:00:00+08:00')

function ticketsOf(text: string): Array<[string, string]> {
  const parsed = parse(text, { now: NOW, role: 'requester' }, understanding)
  if (parsed.intent !== 'submit_opinion') throw new Error(`${text} is ${parsed.intent}`)
  return opinionTickets(text, parsed.opinions, understanding, parsed.category).map((t) => [t.content, t.category])
}

describe('opinionTickets', () => {
  // [text, [content, category] of each ticket]
  const rows: ReadonlyArray<readonly [string, ReadonlyArray<[string, string]>]> = [
    ['食堂饭菜太贵了，希望降价', [['食堂饭菜太贵了，希望降价', '食堂']]],
    ['宿舍热水不稳定，经常断', [['宿舍热水不稳定，经常断', '宿舍']]],
    ['宿舍热水不稳定，经常断；另外晚上十点就断网太早了', [['宿舍热水不稳定，经常断', '宿舍'], ['晚上十点就断网太早了', '网络信息']]],
    ['校园网太慢，图书馆座位不够', [['校园网太慢', '网络信息'], ['图书馆座位不够', '图书馆']]],
    ['一是宿舍没有空调；二是宿舍洗衣机坏了', [['宿舍没有空调', '宿舍'], ['宿舍洗衣机坏了', '宿舍']]],
  ]
  it.each(rows)('%s', (text, expected) => {
    expect(ticketsOf(text)).toEqual(expected)
  })

  it('closes the spaces a voice input leaves between words', () => {
    expect(opinionTickets('宿舍 的 门锁 坏了', ['宿舍 的 门锁 坏了'], understanding)).toEqual([{ content: '宿舍的门锁坏了', category: '宿舍' }])
  })

  it('keeps a point not found as written as a ticket of its own', () => {
    expect(opinionTickets('别的文字', ['图书馆座位不够'], understanding).map((t) => t.content)).toEqual(['图书馆座位不够'])
  })
})

import { describe, expect, it } from 'vitest'
import { digestText } from '../../../src/domain/duties/digest.ts'
import { isWithdrawn, normalizeTicket, ratingComment, ratingDetail, type Opinion, type OpinionEvent } from '../../../src/domain/opinions/opinion.ts'
import { loadMessages } from '../../../src/messages.ts'
import type { Units } from '../../../src/store/units.ts'

function opinion(ticketNo: string, category: string, status: Opinion['status'], history: OpinionEvent['action'][]): Opinion {
  const at = new Date('2026-11-30T02:00:00Z')
  return {
    id: ticketNo,
    ticketNo,
    source: 'direct',
    anonymous: false,
    category,
    content: '内容',
    raisedIn: [],
    raisedOn: '2026-11-30',
    responsibleUnitId: 'u1',
    handlerUnitId: 'u1',
    status,
    dueDate: '2026-12-14',
    dueDateCertain: true,
    reopenedCount: 0,
    history: history.map((action) => ({ at, by: 'requester', action })),
    createdAt: at,
  }
}

describe('opinions', () => {
  it('reads ticket numbers as Chinese IMEs type them', () => {
    expect(normalizeTicket('２０２６－０００６', 2026)).toBe('2026-0006')
    expect(normalizeTicket('2026 - 0006', 2026)).toBe('2026-0006')
    expect(normalizeTicket('0006', 2027)).toBe('2027-0006')
    expect(normalizeTicket('2026—0006', 2026)).toBe('2026-0006')
  })

  it('keeps a rating comment with the rating', () => {
    const rated = { ...opinion('2026-0001', '图书馆', 'closed', []), history: [{ at: new Date(), by: 'requester', action: 'rated' as const, detail: ratingDetail('不满意', ' 还是有人占座 ') }] }
    expect(rated.history[0]!.detail).toBe('不满意：还是有人占座')
    expect(ratingComment(rated)).toBe('还是有人占座')
    expect(ratingDetail('满意', '')).toBe('满意')
    expect(ratingComment(opinion('2026-0002', '图书馆', 'closed', ['rated']))).toBeUndefined()
  })

  it('does not count withdrawn opinions as new ones in the digest, nor in its categories', async () => {
    const withdrawn = opinion('2026-0001', '食堂', 'closed', ['registered', 'withdrawn'])
    expect(isWithdrawn(withdrawn)).toBe(true)
    const text = await digestText({
      period: { kind: 'week', name: '2026-W49', start: '2026-11-30', end: '2026-12-06' },
      progress: [],
      opinions: [withdrawn, opinion('2026-0002', '食堂', 'closed', ['registered', 'withdrawn']), opinion('2026-0003', '图书馆', 'open', ['registered'])],
      open: [],
      units: { list: async () => [] } as unknown as Units,
      messages: loadMessages(),
      calendar: { holidays: new Set(), workdays: new Set(), knownYears: new Set([2026]) },
      today: '2026-12-02',
    })
    expect(text).toContain('新增 1 条')
    expect(text).toContain('反映较多：图书馆 1 条')
    expect(text).not.toContain('食堂')
  })
})

import { describe, expect, it } from 'vitest'
import { loadCommands } from '../../../src/conversation/commands.ts'
import { ticketsIn } from '../../../src/domain/opinions/opinion.ts'

const commands = loadCommands()
const args = (text: string) => commands.match(text)?.args

describe('ticket numbers in opinion commands', () => {
  it('never reads the year of a full number as a short one', () => {
    expect(commands.match('转办 2026-0017')).toBeUndefined()
    expect(commands.hint('转办 2026-0017')?.name).toBe('transfer')
    expect(args('转办 2026-0017 保卫处 理由：安全')).toMatchObject({ ticket: '2026-0017', unit: '保卫处', reason: '安全' })
    expect(args('查询 2026-0017')).toMatchObject({ ticket: '2026-0017' })
    expect(args('查询 0017')).toMatchObject({ ticket: '0017' })
    expect(commands.match('受理 20260017')).toBeUndefined()
    expect(args('查看反映人 2026-0017 理由：核实')).toMatchObject({ ticket: '2026-0017', reason: '核实' })
  })

  it('keeps an answer that starts with a number', () => {
    expect(args('答复 2026-0007 20人已安排')).toMatchObject({ ticket: '2026-0007', text: '20人已安排' })
    expect(args('答复 0007 20人已安排')).toMatchObject({ ticket: '0007', text: '20人已安排' })
  })

  it('reads a full number followed by text as an answer, a short one not', () => {
    expect(commands.match('2026-0007 已安排维修人员上门检修')).toMatchObject({ name: 'answer_bare', args: { ticket: '2026-0007', text: '已安排维修人员上门检修' } })
    expect(commands.match('0007 已安排维修人员上门检修')).toBeUndefined()
    expect(commands.match('2026-0007')).toBeUndefined()
  })

  it('takes several tickets to accept', () => {
    expect(ticketsIn(args('受理 2026-0002 2026-0003')!.tickets!)).toEqual(['2026-0002', '2026-0003'])
    expect(ticketsIn(args('受理 2026-0002、编号０００３')!.tickets!)).toEqual(['2026-0002', '０００３'])
  })

  it('reads the rating from its group and tickets alone as no comment', () => {
    expect(args('比较满意 0022')).toMatchObject({ fair: '比较满意', tickets: '0022', comment: '' })
    expect(args('满意 2026-0021、2026-0022')).toMatchObject({ satisfied: '满意', tickets: '2026-0021、2026-0022', comment: '' })
    expect(args('不满意，2026-0001还是没修')).toMatchObject({ dissatisfied: '不满意', tickets: '2026-0001', comment: '还是没修' })
    expect(args('满意 2026年的服务很好')).toMatchObject({ satisfied: '满意', comment: '2026年的服务很好' })
    expect(args('满意 2026年的服务很好')!.tickets).toBeUndefined()
    for (const word of ['不太满意', '非常不满意', '很不满意']) expect(args(word)).toMatchObject({ dissatisfied: word })
    expect(commands.match('满意度调查太多了')).toBeUndefined()
  })
})

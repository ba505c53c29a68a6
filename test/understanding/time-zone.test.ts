import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { createUnderstanding, parse } from '../../src/understanding/index.ts'

/** Messages whose day depends on the Shanghai calendar (00:30 on the 19th is the 18th in UTC). */
const messages = [
  ['昨晚11点在宿舍楼下跟小王谈心', '2026-11-19T00:30:00+08:00'],
  ['今天上午去二食堂和同学们一起吃了午饭', '2026-11-19T00:30:00+08:00'],
  ['周日晚上在腾讯会议上和研究生党支部的同学开了组织生活会', '2026-11-22T23:50:00+08:00'],
  ['上周三下午在3号宿舍和计算机2101班座谈', '2026-11-16T01:00:00+08:00'],
  ['15号中午在一食堂陪学生吃饭', '2026-12-01T07:00:00+08:00'],
  ['12月28日在6号宿舍楼走访留校学生', '2026-01-01T02:00:00+08:00'],
] as const

const script = `
  import { createUnderstanding, parse } from './src/understanding/index.ts'
  const understanding = createUnderstanding('conversations/vocabulary')
  const messages = JSON.parse(process.argv[1])
  console.log(JSON.stringify(messages.map(([text, now]) => parse(text, { now: new Date(now) }, understanding))))
`

function parseIn(timeZone: string): unknown {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(messages)], {
    env: { ...process.env, TZ: timeZone },
    encoding: 'utf8',
  })
  return JSON.parse(output)
}

describe('the server time zone does not matter', () => {
  const understanding = createUnderstanding('conversations/vocabulary')
  const here = messages.map(([text, now]) => parse(text, { now: new Date(now) }, understanding))

  it('dates the messages by the Shanghai calendar', () => {
    expect(here.map((r) => ('date' in r ? r.date : undefined))).toEqual([
      '2026-11-18', '2026-11-19', '2026-11-22', '2026-11-11', '2026-11-15', '2025-12-28',
    ])
  })

  it.each(['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'])('gives the same results under TZ=%s', (timeZone) => {
    expect(parseIn(timeZone)).toEqual(here)
  })
})

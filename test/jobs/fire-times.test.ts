import { execFileSync } from 'node:child_process'
import cron from 'node-cron'
import { afterAll, describe, expect, it } from 'vitest'
import { nextFire, previousFire, type CronTimes } from '../../src/jobs/fire-times.ts'
import { JOBS_TIME_ZONE } from '../../src/jobs/scheduler.ts'

const tasks: Array<{ destroy(): unknown }> = []
afterAll(() => tasks.forEach((t) => t.destroy()))

function times(expression: string): CronTimes {
  const task = cron.createTask(expression, () => undefined, { timezone: JOBS_TIME_ZONE })
  tasks.push(task)
  return { fields: cron.parse(expression), match: (date) => task.match(date) }
}
const iso = (date: Date | undefined) => date?.toISOString()
const DAY = 86_400_000

// 2026-11-18 is a Wednesday; times are Shanghai (+08:00).
const rows: Array<[string, string, string, string | undefined, string | undefined]> = [
  // expression, at, staleAfter window in days, previous fire, next fire
  ['0 9 * * 1', '2026-11-18T10:00:00+08:00', '2', undefined, '2026-11-23T01:00:00.000Z'],
  ['0 9 * * 1', '2026-11-18T10:00:00+08:00', '7', '2026-11-16T01:00:00.000Z', '2026-11-23T01:00:00.000Z'],
  ['0 9 * * 1', '2026-11-16T09:00:00+08:00', '1', '2026-11-16T01:00:00.000Z', '2026-11-23T01:00:00.000Z'],
  ['0 9 * * 1', '2026-11-16T08:59:59.999+08:00', '1', undefined, '2026-11-16T01:00:00.000Z'],
  ['30 9 * * *', '2026-11-18T00:10:00+08:00', '1', '2026-11-17T01:30:00.000Z', '2026-11-18T01:30:00.000Z'],
  ['0 15 * * 4', '2026-11-18T10:00:00+08:00', '7', '2026-11-12T07:00:00.000Z', '2026-11-19T07:00:00.000Z'],
  ['30 8 1 * *', '2026-12-01T08:29:00+08:00', '3', undefined, '2026-12-01T00:30:00.000Z'],
  ['30 8 1 * *', '2026-12-02T08:29:00+08:00', '3', '2026-12-01T00:30:00.000Z', '2027-01-01T00:30:00.000Z'],
  ['0 10 L * *', '2026-11-18T10:00:00+08:00', '31', '2026-10-31T02:00:00.000Z', '2026-11-30T02:00:00.000Z'],
  ['*/20 * * * * *', '2026-11-18T10:00:45.500+08:00', '1', '2026-11-18T02:00:40.000Z', '2026-11-18T02:01:00.000Z'],
  ['0 * * * *', '2026-11-18T10:30:00+08:00', '1', '2026-11-18T02:00:00.000Z', '2026-11-18T03:00:00.000Z'],
  ['0 0 29 2 *', '2026-11-18T10:00:00+08:00', '31', undefined, '2028-02-28T16:00:00.000Z'],
]

describe('the scheduled fires around a moment, in Shanghai', () => {
  it.each(rows)('%s at %s within %s days: previous %s, next %s', (expression, at, days, previous, next) => {
    const moment = new Date(at)
    expect(iso(previousFire(times(expression), moment, new Date(moment.getTime() - Number(days) * DAY)))).toBe(previous)
    expect(iso(nextFire(times(expression), moment))).toBe(next)
  })

  it('agrees with node-cron: every previous fire matches, nothing between it and the moment does', () => {
    const every = times('*/7 9-11 * * 1-5')
    const at = new Date('2026-11-18T10:03:30+08:00')
    const previous = previousFire(every, at, new Date(at.getTime() - DAY))!
    expect(every.match(previous)).toBe(true)
    for (let t = previous.getTime() + 1000; t <= at.getTime(); t += 1000) expect(every.match(new Date(t))).toBe(false)
    expect(nextFire(every, previous)!.getTime()).toBeGreaterThan(at.getTime())
  })

  it.each(['UTC', 'Asia/Shanghai', 'America/Los_Angeles'])('gives the same fires under TZ=%s', (timeZone) => {
    const script = `
      import cron from 'node-cron'
      import { nextFire, previousFire } from './src/jobs/fire-times.ts'
      const rows = JSON.parse(process.argv[1])
      console.log(JSON.stringify(rows.map(([expression, at, days]) => {
        const task = cron.createTask(expression, () => undefined, { timezone: 'Asia/Shanghai' })
        const times = { fields: cron.parse(expression), match: (d) => task.match(d) }
        const moment = new Date(at)
        return [previousFire(times, moment, new Date(moment.getTime() - days * 86400000))?.toISOString(), nextFire(times, moment)?.toISOString()]
      })))
      process.exit(0)
    `
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(rows)], {
      env: { ...process.env, TZ: timeZone },
      encoding: 'utf8',
    })
    expect(JSON.parse(output)).toEqual(rows.map(([, , , previous, next]) => [previous ?? null, next ?? null]))
  })
})

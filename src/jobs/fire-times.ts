import type { ParsedFields } from 'node-cron'
import { addDays, shanghaiDate, startOfShanghaiDate, type ShanghaiDate } from '../domain/calendar/shanghai-date.ts'

/**
 * One cron expression as node-cron reads it in Asia/Shanghai: its expanded fields (node-cron's
 * `parse`) and its matcher (a task's `match`), so these searches agree with node-cron to the
 * second, L, W and # included.
 */
export interface CronTimes {
  readonly fields: ParsedFields
  match(date: Date): boolean
}

const DAY_MS = 24 * 3600_000
/** Long enough for 29 February. */
const MAX_DAYS_AHEAD = 366 * 8

/**
 * The latest fire at or before `at`, if it is not before `notBefore`. Day by day backwards:
 * whether a day matches does not depend on the time of day, so one match call decides a day,
 * and the day's latest time is then picked from the fields without asking node-cron again.
 */
export function previousFire(times: CronTimes, at: Date, notBefore: Date): Date | undefined {
  const [hours, minutes, seconds] = clockFields(times, 'desc')
  const end = clock(at)
  for (let date = end.date; startOfShanghaiDate(date).getTime() + DAY_MS > notBefore.getTime(); date = addDays(date, -1)) {
    if (!dayMatches(times, date)) continue
    const today = date === end.date
    for (const h of hours) {
      if (today && h > end.h) continue
      for (const m of minutes) {
        if (today && h === end.h && m > end.m) continue
        for (const s of seconds) {
          if (today && h === end.h && m === end.m && s > end.s) continue
          const fire = instant(date, h, m, s)
          return fire >= notBefore.getTime() ? new Date(fire) : undefined
        }
      }
    }
  }
  return undefined
}

/** The first fire after `after` (as node-cron's next run: strictly later, to the second). */
export function nextFire(times: CronTimes, after: Date): Date | undefined {
  const [hours, minutes, seconds] = clockFields(times, 'asc')
  const start = clock(after)
  for (let i = 0, date = start.date; i < MAX_DAYS_AHEAD; i++, date = addDays(date, 1)) {
    if (!dayMatches(times, date)) continue
    const today = i === 0
    for (const h of hours) {
      if (today && h < start.h) continue
      for (const m of minutes) {
        if (today && h === start.h && m < start.m) continue
        for (const s of seconds) {
          if (today && h === start.h && m === start.m && s <= start.s) continue
          return new Date(instant(date, h, m, s))
        }
      }
    }
  }
  return undefined
}

function clockFields(times: CronTimes, order: 'asc' | 'desc'): [number[], number[], number[]] {
  const sort = (values: readonly number[]) => [...values].sort((a, b) => (order === 'asc' ? a - b : b - a))
  return [sort(times.fields.hour), sort(times.fields.minute), sort(times.fields.second)]
}

function dayMatches(times: CronTimes, date: ShanghaiDate): boolean {
  const { hour, minute, second } = times.fields
  return times.match(new Date(instant(date, hour[0]!, minute[0]!, second[0]!)))
}

function clock(at: Date): { date: ShanghaiDate; h: number; m: number; s: number } {
  const date = shanghaiDate(at)
  const secondsOfDay = Math.floor((at.getTime() - startOfShanghaiDate(date).getTime()) / 1000)
  return { date, h: Math.floor(secondsOfDay / 3600), m: Math.floor(secondsOfDay / 60) % 60, s: secondsOfDay % 60 }
}

function instant(date: ShanghaiDate, h: number, m: number, s: number): number {
  return startOfShanghaiDate(date).getTime() + ((h * 60 + m) * 60 + s) * 1000
}

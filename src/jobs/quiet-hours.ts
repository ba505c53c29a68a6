import { shanghaiDate, startOfShanghaiDate } from '../domain/calendar/shanghai-date.ts'

/** A daily span of Shanghai clock times (`HH:MM`) when nobody is messaged; `from` after `to` spans midnight. */
export interface QuietHours {
  readonly from: string
  readonly to: string
}

const DAY_MS = 24 * 3600_000

/** Minutes since Shanghai midnight. */
export function shanghaiMinuteOfDay(at: Date): number {
  return Math.floor((at.getTime() - startOfShanghaiDate(shanghaiDate(at)).getTime()) / 60_000)
}

/** Whether a Shanghai minute of the day (0–1439) is quiet. */
export function isQuietMinute(minute: number, quietHours: QuietHours): boolean {
  const from = clockMinutes(quietHours.from)
  const to = clockMinutes(quietHours.to)
  return from < to ? minute >= from && minute < to : minute >= from || minute < to
}

export function isQuietTime(at: Date, quietHours: QuietHours): boolean {
  return isQuietMinute(shanghaiMinuteOfDay(at), quietHours)
}

/** The first moment after `at` when the quiet hours end (`to` on the same Shanghai day or the next). */
export function quietHoursEnd(at: Date, quietHours: QuietHours): Date {
  const today = startOfShanghaiDate(shanghaiDate(at)).getTime() + clockMinutes(quietHours.to) * 60_000
  return new Date(today > at.getTime() ? today : today + DAY_MS)
}

function clockMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number]
  return hours * 60 + minutes
}

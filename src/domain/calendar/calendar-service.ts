import type { Logger } from '../../log.ts'
import type { CalendarDays } from '../../store/calendar-days.ts'
import { mergeCalendar, missingYears, yearSources, type CalendarOverrides, type YearSource } from './calendar-overrides.ts'
import { shanghaiDate } from './shanghai-date.ts'
import type { WorkingCalendar } from './working-days.ts'

/**
 * How often the bot re-reads calendar_days. `npm run calendar -- import` runs in another process
 * and cannot reach the bot's memory, and WorkingCalendar is read synchronously (isWorkingDay), so
 * it cannot load on use: the bot re-reads on a timer. The table is a few dozen rows a year, so
 * every five minutes costs nothing and an admin's closure for tomorrow is in force well before.
 */
export const CALENDAR_REFRESH_MS = 5 * 60_000

/**
 * The working calendar the bot uses: chinese-days with the admins' days of calendar_days on top
 * (an admin's day wins), and the years declared complete there counted as known.
 */
export class CalendarService {
  /**
   * Always the latest data: parts handed this object once at start (OpinionService) see every
   * refresh, since its sets are read through to the current merge.
   */
  readonly calendar: WorkingCalendar
  private merged: WorkingCalendar
  private overrides: CalendarOverrides = { days: [], completeYears: [] }
  private refreshedAt: Date | undefined
  private timer: NodeJS.Timeout | undefined

  private constructor(
    private readonly days: CalendarDays,
    private readonly base: WorkingCalendar,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly refreshMs: number,
  ) {
    this.merged = base
    const current = () => this.merged
    this.calendar = {
      get holidays() {
        return current().holidays
      },
      get workdays() {
        return current().workdays
      },
      get knownYears() {
        return current().knownYears
      },
    }
  }

  /** Builds the calendar from the package and the stored days; a store that cannot be read stops the start. */
  static async load(days: CalendarDays, base: WorkingCalendar, log: Logger, options: { readonly now?: () => Date; readonly refreshMs?: number } = {}): Promise<CalendarService> {
    const service = new CalendarService(days, base, log, options.now ?? (() => new Date()), options.refreshMs ?? CALENDAR_REFRESH_MS)
    await service.refresh()
    return service
  }

  /** Re-reads calendar_days. */
  async refresh(): Promise<void> {
    this.overrides = await this.days.overrides()
    this.merged = mergeCalendar(this.base, this.overrides)
    this.refreshedAt = this.now()
  }

  /** Refreshes on a timer, and says at once which needed years have no data. */
  start(): void {
    const missing = this.missingYears(this.now())
    if (missing.length > 0) this.log.warn({ missingYears: missing }, 'no holiday data for these years: their working days count as plain weekdays, marked uncertain (npm run calendar -- status)')
    this.timer = setInterval(() => void this.refresh().catch((error: unknown) => this.log.warn({ err: error }, 'calendar refresh failed; the last calendar stays in use')), this.refreshMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** The years needed at that moment (neededYears) that neither the package nor a declared year covers. */
  missingYears(now: Date = this.now()): number[] {
    return missingYears(shanghaiDate(now), this.merged)
  }

  /** Where each known year's data comes from. */
  sources(): Map<number, YearSource> {
    return yearSources(this.base, this.overrides)
  }

  /** The /healthz section: always ok (a missing year is worth knowing, not an outage). */
  async health(now: Date = this.now()): Promise<{ ok: true; missingYears: number[]; years: Record<string, YearSource>; overrideDays: number; refreshedAt: string | undefined }> {
    return {
      ok: true,
      missingYears: this.missingYears(now),
      years: Object.fromEntries(this.sources()),
      overrideDays: this.overrides.days.length,
      refreshedAt: this.refreshedAt?.toISOString(),
    }
  }
}

import type { Connection, Model, mongo } from 'mongoose'
import type { CalendarDay, CalendarOverrides } from '../domain/calendar/calendar-overrides.ts'
import { calendarDayModel, type CalendarDayDocument } from './models/calendar-day.ts'
import { calendarYearModel, type CalendarYearDocument } from './models/calendar-year.ts'

/**
 * The calendar_days collection (days admins set, overriding chinese-days) and calendar_years
 * (the years they declared complete there).
 */
export class CalendarDays {
  private constructor(
    private readonly days: Model<CalendarDayDocument>,
    private readonly years: Model<CalendarYearDocument>,
  ) {}

  static async open(connection: Connection): Promise<CalendarDays> {
    const days = calendarDayModel(connection)
    await days.createIndexes()
    return new CalendarDays(days, calendarYearModel(connection))
  }

  /** The stored days in date order, of one year when asked. */
  async list(filter: { readonly year?: number } = {}): Promise<CalendarDay[]> {
    const query = filter.year === undefined ? {} : { date: { $gte: `${filter.year}-01-01`, $lte: `${filter.year}-12-31` } }
    const documents = await this.days.find(query).sort({ date: 1 }).lean()
    return documents.map((d) => ({ date: d.date, working: d.working, note: d.note ?? '' }))
  }

  async completeYears(): Promise<number[]> {
    const documents = await this.years.find().sort({ _id: 1 }).lean()
    return documents.map((d) => d._id)
  }

  async overrides(): Promise<CalendarOverrides> {
    const [days, completeYears] = await Promise.all([this.list(), this.completeYears()])
    return { days, completeYears }
  }

  /** Writes the days, each replacing what was stored for its date. */
  async upsert(days: readonly CalendarDay[], source: string, now: Date): Promise<void> {
    if (days.length === 0) return
    const operations: mongo.AnyBulkWriteOperation[] = days.map((d) => ({
      updateOne: {
        filter: { date: d.date },
        update: { $set: { working: d.working, note: d.note, source, updatedAt: now }, $setOnInsert: { createdAt: now } },
        upsert: true,
      },
    }))
    await this.days.collection.bulkWrite(operations, { ordered: true })
  }

  async markComplete(years: readonly number[], source: string, now: Date): Promise<void> {
    for (const year of years) await this.years.updateOne({ _id: year }, { $set: { source, completedAt: now } }, { upsert: true })
  }
}

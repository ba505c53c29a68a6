import { Schema, type Connection, type Model } from 'mongoose'

/** A year an admin declared complete in calendar_days (`npm run calendar -- import … --complete-year`). */
export interface CalendarYearDocument {
  /** The year, e.g. 2027. */
  _id: number
  /** The file imported with the declaration. */
  source: string
  completedAt: Date
}

const schema = new Schema<CalendarYearDocument>(
  {
    _id: Number,
    source: { type: String, required: true },
    completedAt: { type: Date, required: true },
  },
  { collection: 'calendar_years', versionKey: false, autoIndex: false },
)

export function calendarYearModel(connection: Connection): Model<CalendarYearDocument> {
  return (connection.models.CalendarYear as Model<CalendarYearDocument> | undefined) ?? connection.model<CalendarYearDocument>('CalendarYear', schema)
}

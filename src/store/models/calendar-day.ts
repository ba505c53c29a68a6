import { Schema, type Connection, type Model, type Types } from 'mongoose'

export interface CalendarDayDocument {
  _id: Types.ObjectId
  /** Shanghai date, YYYY-MM-DD; one document per day. */
  date: string
  working: boolean
  note: string
  /** The file it was imported from, for whoever wonders why a day is off. */
  source: string
  createdAt: Date
  updatedAt: Date
}

const schema = new Schema<CalendarDayDocument>(
  {
    date: { type: String, required: true },
    working: { type: Boolean, required: true },
    note: { type: String, default: '' },
    source: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'calendar_days', versionKey: false, autoIndex: false },
)
schema.index({ date: 1 }, { unique: true })

export function calendarDayModel(connection: Connection): Model<CalendarDayDocument> {
  return (connection.models.CalendarDay as Model<CalendarDayDocument> | undefined) ?? connection.model<CalendarDayDocument>('CalendarDay', schema)
}

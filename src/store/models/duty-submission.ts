import { Schema, type Connection, type Model, type Types } from 'mongoose'

export interface DutySubmissionDocument {
  _id: Types.ObjectId
  personId: string
  /** The event rule it fulfils (E01, R16 …). */
  ruleId: string
  /** The Shanghai day it was reported. */
  date: string
  /** Who reported it: the person, their secretary or an admin. */
  by: string
  /** The period it counts for, so a second report in the same period is the same submission. */
  period: string
  at: Date
}

const schema = new Schema<DutySubmissionDocument>(
  {
    personId: { type: String, required: true },
    ruleId: { type: String, required: true },
    date: { type: String, required: true },
    by: { type: String, required: true },
    period: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'duty_submissions', versionKey: false, autoIndex: false },
)
schema.index({ personId: 1, ruleId: 1, period: 1 }, { unique: true })
schema.index({ date: 1 })

export function dutySubmissionModel(connection: Connection): Model<DutySubmissionDocument> {
  return (connection.models.DutySubmission as Model<DutySubmissionDocument> | undefined) ?? connection.model<DutySubmissionDocument>('DutySubmission', schema)
}

import { Schema, type Connection, type Model, type Types } from 'mongoose'

export interface NudgePauseDocument {
  _id: Types.ObjectId
  personId: string
  /** Shanghai dates, both included. */
  from: string
  to: string
  reason: string
  by: string
  at: Date
}

const schema = new Schema<NudgePauseDocument>(
  {
    personId: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    reason: { type: String, default: '' },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'nudge_pauses', versionKey: false, autoIndex: false },
)
schema.index({ personId: 1, to: 1 })

export function nudgePauseModel(connection: Connection): Model<NudgePauseDocument> {
  return (connection.models.NudgePause as Model<NudgePauseDocument> | undefined) ?? connection.model<NudgePauseDocument>('NudgePause', schema)
}

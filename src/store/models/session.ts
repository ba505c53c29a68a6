import { Schema, type Connection, type Model } from 'mongoose'

export interface SessionDocument {
  /** platform:userId — one conversation per person. */
  _id: string
  flow: string
  step: string
  slots: Record<string, unknown>
  /** Failed answers to the current step; the flow gives up after its limit. */
  attempts: number
  /** Where to send the note when the session expires. */
  replyTo: Record<string, unknown>
  updatedAt: Date
  expiresAt: Date
}

const schema = new Schema<SessionDocument>(
  {
    _id: String,
    flow: { type: String, required: true },
    step: { type: String, required: true },
    slots: { type: Schema.Types.Mixed, default: {} },
    attempts: { type: Number, default: 0 },
    replyTo: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sessions', versionKey: false, minimize: false, autoIndex: false },
)
schema.index({ expiresAt: 1 })

export function sessionModel(connection: Connection): Model<SessionDocument> {
  return (connection.models.Session as Model<SessionDocument> | undefined) ?? connection.model<SessionDocument>('Session', schema)
}

import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { ContactStatus } from '../../domain/contacts/contact.ts'

export interface ContactDocument {
  _id: Types.ObjectId
  leaderId: string
  enteredById: string
  status: ContactStatus
  kinds: string[]
  /** Shanghai date, YYYY-MM-DD: contacts are counted by calendar day, not instant. */
  date: string
  time: string | null
  place: string | null
  targets: string[]
  faceToFace: boolean
  opinions: string[]
  opinionIds: string[]
  summary: string
  classHours?: number
  days?: number
  /** What the leader typed, kept for the record form and for audits. */
  text: string
  /** The inbound message that created it: a handler re-run after a crash finds it instead of saving twice. */
  sourceKey: string
  createdAt: Date
  /** Wall-clock time of the last write (mongoose sets it): how a bot instance finds the contacts that changed. */
  updatedAt?: Date
  history: Array<{ at: Date; by: string; action: string; detail?: string }>
}

const schema = new Schema<ContactDocument>(
  {
    leaderId: { type: String, required: true },
    enteredById: { type: String, required: true },
    status: { type: String, enum: ['confirmed', 'awaiting_leader', 'withdrawn'], required: true },
    kinds: [String],
    date: { type: String, required: true },
    time: { type: String, default: null },
    place: { type: String, default: null },
    targets: [String],
    faceToFace: Boolean,
    opinions: [String],
    opinionIds: [String],
    summary: String,
    classHours: Number,
    days: Number,
    text: String,
    sourceKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    history: [{ _id: false, at: Date, by: String, action: String, detail: String }],
  },
  { collection: 'contacts', versionKey: false, autoIndex: false, timestamps: { createdAt: false, updatedAt: true } },
)
schema.index({ sourceKey: 1 }, { unique: true })
// A leader's contacts in a period: progress, the weekly count, record forms.
schema.index({ leaderId: 1, date: 1 })
// Everyone's confirmed contacts since a date (the duties' window): answered from the index alone.
schema.index({ status: 1, date: 1 })
// The contacts written since a moment: keeps each instance's window of confirmed contacts current.
schema.index({ updatedAt: 1 })

export function contactModel(connection: Connection): Model<ContactDocument> {
  return (connection.models.Contact as Model<ContactDocument> | undefined) ?? connection.model<ContactDocument>('Contact', schema)
}

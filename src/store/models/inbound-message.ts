import { Schema, type Connection, type Model, type Types } from 'mongoose'

export type InboundStatus = 'pending' | 'processing' | 'done' | 'failed'

export interface InboundMessageDocument {
  _id: Types.ObjectId
  /** Platform and the platform's message id (or event key): unique, so a re-delivery cannot be stored twice. */
  key: string
  /** Messages of one conversation are handled one at a time, in the order sent. */
  conversationKey: string
  /** The InboundMessage as the channel decoded it. */
  message: Record<string, unknown>
  status: InboundStatus
  sentAt: Date
  acceptedAt: Date
  /** While processing: until when this process owns the message; after it, another may take it over. */
  leaseUntil?: Date
  attempts: number
  handledAt?: Date
  error?: string
}

const schema = new Schema<InboundMessageDocument>(
  {
    key: { type: String, required: true },
    conversationKey: { type: String, required: true },
    message: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: ['pending', 'processing', 'done', 'failed'], required: true },
    sentAt: { type: Date, required: true },
    acceptedAt: { type: Date, required: true },
    leaseUntil: Date,
    attempts: { type: Number, default: 0 },
    handledAt: Date,
    error: String,
  },
  { collection: 'inbound_messages', versionKey: false, minimize: false, autoIndex: false },
)
schema.index({ key: 1 }, { unique: true })
schema.index({ conversationKey: 1, status: 1, sentAt: 1, acceptedAt: 1 })
schema.index({ status: 1, leaseUntil: 1 })

export function inboundMessageModel(connection: Connection): Model<InboundMessageDocument> {
  return connection.models.InboundMessage ?? connection.model<InboundMessageDocument>('InboundMessage', schema)
}

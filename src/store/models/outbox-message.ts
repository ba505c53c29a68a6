import { Schema, type Connection, type Model, type Types } from 'mongoose'

/**
 * pending → sending → sent, or back to pending with a later nextAttemptAt, or dead after the last try.
 * held: written for a passive reply (the answer rides on the HTTP response); if nobody confirms it
 * before leaseUntil, the worker sends it like any other.
 */
export type OutboxStatus = 'pending' | 'held' | 'sending' | 'sent' | 'dead'

export interface OutboxMessageDocument {
  _id: Types.ObjectId
  /** The idempotency key: unique, so enqueueing the same message twice stores it once. */
  key: string
  recipient: Record<string, unknown>
  message: Record<string, unknown>
  /** The platform's unit of rate limiting this recipient falls into. */
  destinationKey: string
  status: OutboxStatus
  attempts: number
  nextAttemptAt: Date
  /** While sending or held: until when the owner may finish; after it, any worker may take the message. */
  leaseUntil?: Date
  leaseOwner?: string
  /** When each try began, the latest last (at most the last 50): the rate limits count them all, retries included. */
  attemptTimes?: Date[]
  sentAt?: Date
  via?: 'passive' | 'send'
  lastError?: string
  createdAt: Date
}

const schema = new Schema<OutboxMessageDocument>(
  {
    key: { type: String, required: true },
    recipient: { type: Schema.Types.Mixed, required: true },
    message: { type: Schema.Types.Mixed, required: true },
    destinationKey: { type: String, required: true },
    status: { type: String, enum: ['pending', 'held', 'sending', 'sent', 'dead'], required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: Date,
    leaseOwner: String,
    attemptTimes: { type: [Date], default: undefined },
    sentAt: Date,
    via: String,
    lastError: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'outbox_messages', versionKey: false, minimize: false, autoIndex: false },
)
schema.index({ key: 1 }, { unique: true })
// The claim's filter and its whole sort: the next message is the index's first, not a sort of every pending one.
schema.index({ status: 1, nextAttemptAt: 1, _id: 1 })
schema.index({ status: 1, leaseUntil: 1 })
schema.index({ destinationKey: 1, attemptTimes: 1 })
// The claim's check for an earlier unsent message to the same destination.
schema.index({ destinationKey: 1, status: 1, _id: 1 })

export function outboxMessageModel(connection: Connection): Model<OutboxMessageDocument> {
  return connection.models.OutboxMessage ?? connection.model<OutboxMessageDocument>('OutboxMessage', schema)
}

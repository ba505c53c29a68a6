import type { Connection, Model } from 'mongoose'
import { isDuplicateKey } from './is-duplicate-key.ts'
import { inboundMessageModel, type InboundMessageDocument } from './models/inbound-message.ts'

export type { InboundMessageDocument }

export interface NewInboundMessage {
  readonly key: string
  readonly conversationKey: string
  readonly message: object
  readonly sentAt: Date
  readonly acceptedAt: Date
}

/** The inbound_messages collection: the inbox's record of every accepted message. */
export class InboundMessages {
  private constructor(private readonly model: Model<InboundMessageDocument>) {}

  /** Compiles the model and builds its indexes: dedupe depends on the unique index existing before the first insert. */
  static async open(connection: Connection): Promise<InboundMessages> {
    const model = inboundMessageModel(connection)
    await model.createIndexes()
    return new InboundMessages(model)
  }

  /** Stores a new message; 'duplicate' when its key is already there (a re-delivery). */
  async insert(record: NewInboundMessage): Promise<'inserted' | 'duplicate'> {
    try {
      await this.model.collection.insertOne({ ...record, status: 'pending', attempts: 0 })
      return 'inserted'
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate'
      throw error
    }
  }

  /** Takes the conversation's oldest pending message (by time sent, then accepted) for leaseMs. */
  async claimNext(conversationKey: string, now: Date, leaseMs: number): Promise<InboundMessageDocument | null> {
    return this.model.collection.findOneAndUpdate(
      { conversationKey, status: 'pending' },
      { $set: { status: 'processing', leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
      { sort: { sentAt: 1, acceptedAt: 1, _id: 1 }, returnDocument: 'after' },
    ) as Promise<InboundMessageDocument | null>
  }

  /**
   * Hands messages whose handler's lease ran out (its process stopped mid-way) back to pending,
   * where they keep their place in their conversation's order.
   */
  async releaseExpired(now: Date): Promise<number> {
    const result = await this.model.collection.updateMany({ status: 'processing', leaseUntil: { $lte: now } }, { $set: { status: 'pending' }, $unset: { leaseUntil: '' } })
    return result.modifiedCount
  }

  async finish(key: string, outcome: 'done' | 'failed', now: Date, error?: string): Promise<void> {
    await this.model.collection.updateOne(
      { key },
      { $set: { status: outcome, handledAt: now, ...(error ? { error } : {}) }, $unset: { leaseUntil: '' } },
    )
  }

  /** Conversations with messages waiting: after a restart, and on each sweep. */
  async conversationsWithWork(): Promise<string[]> {
    return (await this.model.collection.distinct('conversationKey', { status: 'pending' })) as string[]
  }

  async findByKey(key: string): Promise<InboundMessageDocument | null> {
    return this.model.collection.findOne({ key }) as Promise<InboundMessageDocument | null>
  }

  async countByStatus(status: InboundMessageDocument['status']): Promise<number> {
    return this.model.collection.countDocuments({ status })
  }
}

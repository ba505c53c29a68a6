import type { Connection, Model } from 'mongoose'
import { sessionModel, type SessionDocument } from './models/session.ts'

export interface Session {
  readonly key: string
  readonly flow: string
  readonly step: string
  readonly slots: Readonly<Record<string, unknown>>
  readonly attempts: number
  readonly replyTo: Readonly<Record<string, unknown>>
  readonly updatedAt: Date
  readonly expiresAt: Date
}

/** The sessions collection: one conversation in progress per person, kept across restarts. */
export class Sessions {
  private constructor(private readonly model: Model<SessionDocument>) {}

  static async open(connection: Connection): Promise<Sessions> {
    const model = sessionModel(connection)
    await model.createIndexes()
    return new Sessions(model)
  }

  async get(key: string): Promise<Session | undefined> {
    const doc = await this.model.findById(key).lean()
    return doc ? toSession(doc) : undefined
  }

  async save(session: Session): Promise<void> {
    const { key, ...rest } = session
    await this.model.replaceOne({ _id: key }, { ...rest, slots: { ...rest.slots }, replyTo: { ...rest.replyTo } }, { upsert: true })
  }

  async delete(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key })
  }

  /** Takes the sessions that expired by `now` (each is returned to one caller only). */
  async takeExpired(now: Date, limit = 100): Promise<Session[]> {
    const taken: Session[] = []
    for (let i = 0; i < limit; i++) {
      const doc = await this.model.findOneAndDelete({ expiresAt: { $lte: now } }, { sort: { expiresAt: 1 } }).lean()
      if (!doc) break
      taken.push(toSession(doc))
    }
    return taken
  }
}

function toSession(doc: SessionDocument): Session {
  return { key: doc._id, flow: doc.flow, step: doc.step, slots: doc.slots ?? {}, attempts: doc.attempts ?? 0, replyTo: doc.replyTo, updatedAt: doc.updatedAt, expiresAt: doc.expiresAt }
}

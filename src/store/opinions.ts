import type { Connection, Model } from 'mongoose'
import type { Opinion, OpinionEvent, OpinionStatus } from '../domain/opinions/opinion.ts'
import { ticketNumber } from '../domain/opinions/opinion.ts'
import { isDuplicateKey } from './is-duplicate-key.ts'
import { counterModel, type CounterDocument } from './models/counter.ts'
import { opinionModel, type OpinionDocument } from './models/opinion.ts'

export type NewOpinion = Omit<Opinion, 'id' | 'ticketNo' | 'history' | 'reopenedCount'> & {
  readonly sourceKey: string
  readonly history: readonly OpinionEvent[]
}

/** The opinions collection: every opinion like a ticket, with its history (the audit trail). */
export class Opinions {
  private constructor(
    private readonly model: Model<OpinionDocument>,
    private readonly counters: Model<CounterDocument>,
  ) {}

  static async open(connection: Connection): Promise<Opinions> {
    const model = opinionModel(connection)
    await model.createIndexes()
    return new Opinions(model, counterModel(connection))
  }

  /** Registers an opinion under the year's next ticket number; a re-run returns the one registered before. */
  async register(opinion: NewOpinion): Promise<Opinion> {
    const existing = await this.model.findOne({ sourceKey: opinion.sourceKey }).lean()
    if (existing) return toOpinion(existing)
    const year = shanghaiYear(opinion.createdAt)
    const counter = await this.counters.findOneAndUpdate({ _id: `ticket-${year}` }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean()
    try {
      const created = await this.model.create({ ...opinion, raisedIn: [...opinion.raisedIn], ticketNo: ticketNumber(year, counter!.seq), reopenedCount: 0, history: [...opinion.history] })
      return toOpinion(created.toObject())
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      return toOpinion((await this.model.findOne({ sourceKey: opinion.sourceKey }).lean())!)
    }
  }

  async findByTicket(ticketNo: string): Promise<Opinion | undefined> {
    const doc = await this.model.findOne({ ticketNo }).lean()
    return doc ? toOpinion(doc) : undefined
  }

  async findById(id: string): Promise<Opinion | undefined> {
    const doc = await this.model.findById(id).lean()
    return doc ? toOpinion(doc) : undefined
  }

  async forRequester(platform: string, userId: string, limit = 10): Promise<Opinion[]> {
    const docs = await this.model.find({ 'requester.platform': platform, 'requester.userId': userId }).sort({ createdAt: -1 }).limit(limit).lean()
    return docs.map(toOpinion)
  }

  /**
   * What a handler unit has to do: opinions it handles, or handed on and still answers for
   * (首问负责制) until the other unit accepts; earliest due first.
   */
  async forUnit(unitId: string, statuses: readonly OpinionStatus[]): Promise<Opinion[]> {
    const status = { $in: [...statuses] }
    const [handled, responsible] = await Promise.all([
      this.model.find({ handlerUnitId: unitId, status }).lean(),
      this.model.find({ responsibleUnitId: unitId, status }).lean(),
    ])
    const byId = new Map([...handled, ...responsible].map((d) => [d._id.toString(), d]))
    return [...byId.values()].map(toOpinion).sort((a, b) => (a.dueDate === b.dueDate ? (a.ticketNo < b.ticketNo ? -1 : 1) : a.dueDate < b.dueDate ? -1 : 1))
  }

  /** Opinions in these states across every unit, earliest due first (an admin's overview). */
  async withStatus(statuses: readonly OpinionStatus[], limit?: number): Promise<Opinion[]> {
    const query = this.model.find({ status: { $in: [...statuses] } }).sort({ dueDate: 1, ticketNo: 1 })
    const docs = await (limit === undefined ? query : query.limit(limit)).lean()
    return docs.map(toOpinion)
  }

  /** Opinions raised in these leaders' contacts (or everyone's) on or after `from`: what deadline duties look at. */
  async raisedSince(from: string, leaderIds?: readonly string[]): Promise<Opinion[]> {
    const docs = await this.model.find({ raisedOn: { $gte: from }, ...(leaderIds ? { leaderId: { $in: [...leaderIds] } } : { leaderId: { $exists: true } }) }).lean()
    return docs.map(toOpinion)
  }

  /** Opinions raised in the leader's contacts, newest first. */
  async forLeader(leaderId: string, limit = 10): Promise<Opinion[]> {
    return (await this.model.find({ leaderId }).sort({ createdAt: -1 }).limit(limit).lean()).map(toOpinion)
  }

  async forContact(contactId: string): Promise<Opinion[]> {
    return (await this.model.find({ contactId }).sort({ ticketNo: 1 }).lean()).map(toOpinion)
  }

  /**
   * Applies a change only if the opinion is still in one of `from` (two handlers acting at
   * once cannot both succeed), recording the event; `unset` removes fields that no longer
   * apply (the rating of an earlier answer). Undefined when the state had moved on.
   */
  async transition(
    id: string,
    from: readonly OpinionStatus[],
    set: Partial<OpinionDocument>,
    event: OpinionEvent,
    inc?: Partial<Record<'reopenedCount', number>>,
    unset: readonly (keyof OpinionDocument)[] = [],
  ): Promise<Opinion | undefined> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: id, status: { $in: [...from] } },
        { $set: set, $push: { history: event }, ...(inc ? { $inc: inc } : {}), ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((f) => [f, 1])) } : {}) },
        { returnDocument: 'after' },
      )
      .lean()
    return doc ? toOpinion(doc) : undefined
  }

  /** Records an event once: a reminder or escalation step (its `detail`) is written the first time only. */
  async noteOnce(id: string, event: OpinionEvent & { readonly detail: string }): Promise<void> {
    await this.model.updateOne({ _id: id, history: { $not: { $elemMatch: { action: event.action, detail: event.detail } } } }, { $push: { history: event } })
  }

  /** Opinions raised, or answered, from `from` to `to` (Shanghai dates, both included): what a digest counts. */
  async raisedOrAnsweredBetween(from: string, to: string): Promise<Opinion[]> {
    const until = new Date(Date.parse(`${to}T00:00:00+08:00`) + 24 * 3600_000)
    const since = new Date(Date.parse(`${from}T00:00:00+08:00`))
    const docs = await this.model.find({ $or: [{ raisedOn: { $gte: from, $lte: to } }, { 'resolution.at': { $gte: since, $lt: until } }] }).lean()
    return docs.map(toOpinion)
  }

  /** Records an event that changes nothing else (a reminder, a reveal of an anonymous requester). */
  async note(id: string, event: OpinionEvent): Promise<void> {
    await this.model.updateOne({ _id: id }, { $push: { history: event } })
  }
}

function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600 * 1000).getUTCFullYear()
}

function toOpinion(doc: OpinionDocument): Opinion {
  const { _id, sourceKey: _sourceKey, ...rest } = doc
  return { ...rest, id: _id.toString(), history: doc.history ?? [], reopenedCount: doc.reopenedCount ?? 0 }
}

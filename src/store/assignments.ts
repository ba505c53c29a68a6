import type { Connection, Model } from 'mongoose'
import { assignmentKey, type Assignment, type AssignmentDraft, type AssignmentKind } from '../domain/assignments/assignment.ts'
import type { ShanghaiDate } from '../domain/calendar/shanghai-date.ts'
import { isDuplicateKey } from './is-duplicate-key.ts'
import { assignmentModel, type AssignmentDocument } from './models/assignment.ts'

/** The assignments collection: each leader's standing links (联系点 / 结对), ended ones kept with their history. */
export class Assignments {
  private constructor(private readonly model: Model<AssignmentDocument>) {}

  static async open(connection: Connection): Promise<Assignments> {
    const model = assignmentModel(connection)
    await model.createIndexes()
    return new Assignments(model)
  }

  /** The links in force, of one person or one kind when asked. */
  async list(filter: { readonly personId?: string; readonly kind?: AssignmentKind } = {}): Promise<Assignment[]> {
    const documents = await this.model
      .find({ ...filter, removedAt: { $exists: false } })
      .sort({ _id: 1 })
      .lean()
    return documents.map(toAssignment)
  }

  /**
   * Makes the link hold, keyed by person, kind and target: a new one starts today; an ended one
   * starts again with the new source; one in force keeps its source and start, and takes the
   * target as now written and the aliases.
   */
  /** The links in force of these people: what the duties of many leaders are computed from, in one query. */
  /** The current assignments of these people, or of everyone. */
  async forPeople(personIds?: readonly string[]): Promise<Assignment[]> {
    const documents = await this.model.find({ ...(personIds ? { personId: { $in: [...personIds] } } : {}), removedAt: { $exists: false } }).lean()
    return documents.map(toAssignment)
  }

  async upsert(personId: string, draft: AssignmentDraft & Pick<Assignment, 'source'>, by: string, now: Date, today: ShanghaiDate): Promise<Assignment> {
    const filter = { personId, kind: draft.kind, key: assignmentKey(draft.target) }
    const existing = await this.model.findOne(filter).lean()
    const fields = { target: draft.target, aliases: [...draft.aliases] }
    if (!existing) {
      try {
        const created = await this.model.create({ ...filter, ...fields, since: today, source: draft.source, createdAt: now, updatedAt: now, history: [{ at: now, by, action: 'added' }] })
        return toAssignment(created.toObject())
      } catch (error) {
        // Written meanwhile by another tool or admin: take it from there.
        if (!isDuplicateKey(error)) throw error
        return this.upsert(personId, draft, by, now, today)
      }
    }
    const revived = existing.removedAt !== undefined
    const same = existing.target === draft.target && sameList(existing.aliases ?? [], draft.aliases)
    if (!revived && same) return toAssignment(existing)
    const update = revived
      ? { $set: { ...fields, since: today, source: draft.source, updatedAt: now }, $unset: { removedAt: '' }, $push: { history: { at: now, by, action: 'added' } } }
      : { $set: { ...fields, updatedAt: now }, $push: { history: { at: now, by, action: 'changed' } } }
    const updated = await this.model.findOneAndUpdate({ _id: existing._id }, update, { returnDocument: 'after' }).lean()
    return toAssignment(updated!)
  }

  /** Ends the link in force for that person, kind and target; undefined when there is none. */
  async remove(personId: string, kind: AssignmentKind, target: string, by: string, now: Date): Promise<Assignment | undefined> {
    const removed = await this.model
      .findOneAndUpdate(
        { personId, kind, key: assignmentKey(target), removedAt: { $exists: false } },
        { $set: { removedAt: now, updatedAt: now }, $push: { history: { at: now, by, action: 'removed' } } },
        { returnDocument: 'after' },
      )
      .lean()
    return removed ? toAssignment(removed) : undefined
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function toAssignment(d: AssignmentDocument): Assignment {
  return {
    id: d._id.toHexString(),
    personId: d.personId,
    kind: d.kind,
    target: d.target,
    aliases: d.aliases ?? [],
    ...(d.since ? { since: d.since } : {}),
    source: d.source,
  }
}

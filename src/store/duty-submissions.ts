import type { Connection, Model } from 'mongoose'
import type { Submission } from '../domain/duties/duty-facts.ts'
import { dutySubmissionModel, type DutySubmissionDocument } from './models/duty-submission.ts'

export interface NewSubmission {
  readonly personId: string
  readonly ruleId: string
  readonly date: string
  readonly period: string
  readonly by: string
  readonly at: Date
}

/** The duty_submissions collection: what people reported as submitted for event rules (计划清单, 工作记录表). */
export class DutySubmissions {
  private constructor(private readonly model: Model<DutySubmissionDocument>) {}

  static async open(connection: Connection): Promise<DutySubmissions> {
    const model = dutySubmissionModel(connection)
    await model.createIndexes()
    return new DutySubmissions(model)
  }

  /** Records a submission once per person, rule and period; false when it was already there. */
  async record(submission: NewSubmission): Promise<boolean> {
    const result = await this.model.updateOne(
      { personId: submission.personId, ruleId: submission.ruleId, period: submission.period },
      { $setOnInsert: { ...submission } },
      { upsert: true },
    )
    return result.upsertedCount > 0
  }

  /** Submissions dated on or after `from`, of these people or of everyone, by person. */
  async since(from: string, personIds?: readonly string[]): Promise<Map<string, Submission[]>> {
    const docs = await this.model.find({ date: { $gte: from }, ...(personIds ? { personId: { $in: [...personIds] } } : {}) }).lean()
    const byPerson = new Map<string, Submission[]>()
    for (const d of docs) byPerson.set(d.personId, [...(byPerson.get(d.personId) ?? []), { ruleId: d.ruleId, date: d.date }])
    return byPerson
  }
}

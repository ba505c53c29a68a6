import { LiaisonError } from '../../errors.ts'
import type { OutboundMessage } from '../../outbox/outbox.ts'
import type { Opinions } from '../../store/opinions.ts'
import type { Units } from '../../store/units.ts'
import { shanghaiDate, type ShanghaiDate } from '../calendar/shanghai-date.ts'
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.ts'
import type { Notifier } from '../people/notifier.ts'
import { isAdmin, type Person, type Speaker } from '../people/person.ts'
import { canFollowOpinion, canHandleOpinion, canViewRequester } from '../permissions.ts'
import { canReopen, DISSATISFIED, ratingDetail, type Opinion, type Rating, type RequesterRef } from './opinion.ts'
import type { Deadlines } from '../duties/deadlines.ts'
import type { Routing } from './routing.ts'

/** The texts the service sends; the conversation supplies them from messages.yaml. */
type Text = OutboundMessage | Promise<OutboundMessage>

export interface OpinionTexts {
  assigned(opinion: Opinion, requesterName: string | undefined): Text
  transferred(opinion: Opinion, fromUnit: string, reason: string): Text
  acceptedToRequester(opinion: Opinion): Text
  answeredToRequester(opinion: Opinion): Text
  answeredToLeader(opinion: Opinion): Text
  /** The requester was not satisfied; `comment` is what they wrote after 不满意, if anything. */
  reopened(opinion: Opinion, comment: string): Text
  withdrawn(opinion: Opinion): Text
  /** The unit it was being transferred to: the first unit answered it meanwhile, nothing is left to do. */
  transferEnded(opinion: Opinion, answeredBy: string): Text
  /** The unit it was being transferred to: the responsible unit sent it to another one instead. */
  transferWithdrawn(opinion: Opinion, byUnit: string, toUnit: string): Text
  /** The unit that transferred it: the other unit accepted and is responsible from now on. */
  transferAccepted(opinion: Opinion, acceptedBy: string): Text
  noHandler(opinion: Opinion, unitName: string): Text
}

/**
 * The unit a handler answers for, or undefined when they must accept it first: while it is
 * being transferred, the first unit still answers for it (首问负责制), the receiving one not yet.
 */
export function answersFor(opinion: Opinion, by: Person): string | undefined {
  if (opinion.status !== 'transferring') return opinion.handlerUnitId
  return isAdmin(by) || by.handlerOf.includes(opinion.responsibleUnitId) ? opinion.responsibleUnitId : undefined
}

export interface NewOpinionRequest {
  readonly source: 'contact' | 'direct'
  readonly content: string
  readonly category: string
  readonly anonymous: boolean
  /** The kinds of the contact that raised it (the shortest of their deadlines applies), or direct. */
  readonly raisedIn: readonly string[] | 'direct'
  /** The day it was raised (a contact's day, possibly back-dated); kept for the records. */
  readonly raisedOn: ShanghaiDate
  readonly contactId?: string
  readonly leaderId?: string
  readonly requester?: RequesterRef
  /** Who registered it: a person id, or `requester`. */
  readonly by: string
  /** Makes registration idempotent (the inbound message and the opinion's position in it). */
  readonly sourceKey: string
}

/**
 * Opinions from registration to feedback: routing to a handler unit with a due date in working
 * days, acceptance, transfer (the first unit stays responsible until the other accepts —
 * 首问负责制), answer, rating, and one reopening after 不满意. Every step is recorded on the
 * opinion and the people concerned are told through the outbox. Who may do what is decided by
 * permissions.ts alone.
 */
export class OpinionService {
  constructor(
    private readonly opinions: Opinions,
    private readonly units: Units,
    private readonly routing: Routing,
    private readonly deadlines: Deadlines,
    private readonly calendar: WorkingCalendar,
    private readonly notifier: Notifier,
    private readonly texts: OpinionTexts,
    private readonly now: () => Date,
  ) {}

  async register(request: NewOpinionRequest): Promise<Opinion> {
    const unitName = this.routing.unitNameFor(request.category)
    const unit = await this.units.ensure(unitName, 'office', this.now())
    const deadline = request.raisedIn === 'direct' ? this.deadlines.forDirect() : this.deadlines.forContact(request.raisedIn)
    const at = this.now()
    // The office has its working days from the day it is handed the opinion: a contact entered
    // or confirmed late must not arrive already overdue.
    const due = addWorkingDays(shanghaiDate(at), deadline.workingDays, this.calendar)
    const opinion = await this.opinions.register({
      source: request.source,
      ...(request.contactId ? { contactId: request.contactId } : {}),
      ...(request.leaderId ? { leaderId: request.leaderId } : {}),
      ...(request.requester ? { requester: request.requester } : {}),
      anonymous: request.anonymous,
      category: request.category,
      content: request.content,
      raisedIn: request.raisedIn === 'direct' ? [] : [...request.raisedIn],
      raisedOn: request.raisedOn,
      ...(deadline.ruleId ? { deadlineRuleId: deadline.ruleId } : {}),
      responsibleUnitId: unit.id,
      handlerUnitId: unit.id,
      status: 'open',
      dueDate: due.date,
      dueDateCertain: due.certain,
      history: [{ at, by: request.by, action: 'registered', detail: unitName }],
      sourceKey: request.sourceKey,
      createdAt: at,
    })
    const requesterName = opinion.anonymous ? undefined : opinion.requester?.name
    const reached = await this.notifier.toUnitHandlers(unit.id, await this.texts.assigned(opinion, requesterName), `opinion:${opinion.ticketNo}:assigned`)
    if (reached === 0) await this.notifier.toAdmins(await this.texts.noHandler(opinion, unitName), `opinion:${opinion.ticketNo}:no-handler`)
    return opinion
  }

  /** Takes an opinion on; for a transfer, the receiving unit becomes responsible from now on. */
  async accept(opinion: Opinion, by: Person): Promise<Opinion> {
    this.mustHandle(opinion, by)
    const at = this.now()
    const accepted =
      opinion.status === 'transferring'
        ? await this.opinions.transition(opinion.id, ['transferring'], { status: 'accepted', responsibleUnitId: opinion.handlerUnitId }, { at, by: by.id, action: 'transfer_accepted' })
        : await this.opinions.transition(opinion.id, ['open'], { status: 'accepted' }, { at, by: by.id, action: 'accepted' })
    const moved = this.moved(accepted, opinion)
    if (opinion.status === 'transferring' && opinion.responsibleUnitId !== moved.responsibleUnitId) {
      const acceptedBy = await this.unitName(moved.responsibleUnitId)
      await this.notifier.toUnitHandlers(opinion.responsibleUnitId, await this.texts.transferAccepted(moved, acceptedBy), `opinion:${moved.ticketNo}:transfer-accepted:${moved.history.length}`)
    }
    if (moved.requester) await this.notifier.toRequester(moved.requester, await this.texts.acceptedToRequester(moved), `opinion:${moved.ticketNo}:accepted:${moved.history.length}`)
    return moved
  }

  /**
   * Hands an opinion to another unit. Only the unit responsible for it passes it on: one it is
   * being transferred to accepts it first. A transfer not yet accepted may be redirected by the
   * responsible unit, and the unit it was sent to is told it has nothing to do.
   */
  async transfer(opinion: Opinion, toUnitName: string, reason: string, by: Person): Promise<Opinion> {
    this.mustHandle(opinion, by)
    const fromId = answersFor(opinion, by)
    if (fromId === undefined) {
      throw new LiaisonError('TRANSFER_NOT_ACCEPTED', `opinion ${opinion.ticketNo} must be accepted before it is transferred on`, { ticketNo: opinion.ticketNo, from: await this.unitName(opinion.responsibleUnitId) })
    }
    const target = await this.units.findByName(toUnitName)
    if (!target) throw new LiaisonError('UNIT_NOT_FOUND', `no unit named ${toUnitName}`, { unit: toUnitName })
    if (target.id === opinion.handlerUnitId) throw new LiaisonError('TRANSFER_TO_SAME_UNIT', `opinion ${opinion.ticketNo} is already with ${toUnitName}`, { unit: toUnitName })
    if (!reason.trim()) throw new LiaisonError('TRANSFER_NEEDS_REASON', `transfer of ${opinion.ticketNo} without a reason`, { ticketNo: opinion.ticketNo })
    const from = await this.unitName(fromId)
    const moved = this.moved(
      await this.opinions.transition(
        opinion.id,
        ['open', 'accepted', 'transferring'],
        { status: 'transferring', handlerUnitId: target.id },
        { at: this.now(), by: by.id, action: 'transferred', detail: `${toUnitName}：${reason.trim()}` },
      ),
      opinion,
    )
    const key = `opinion:${opinion.ticketNo}:transfer:${moved.history.length}`
    const reached = await this.notifier.toUnitHandlers(target.id, await this.texts.transferred(moved, from, reason.trim()), key)
    if (reached === 0) await this.notifier.toAdmins(await this.texts.noHandler(moved, toUnitName), `${key}:no-handler`)
    if (opinion.status === 'transferring') await this.notifier.toUnitHandlers(opinion.handlerUnitId, await this.texts.transferWithdrawn(moved, from, toUnitName), `${key}:withdrawn`)
    return moved
  }

  /**
   * Records the answer. While a transfer waits, the first unit may still answer (it is
   * responsible until the other accepts), which ends the transfer; the receiving unit must
   * accept first. The rating of an earlier answer no longer applies and is cleared.
   */
  async answer(opinion: Opinion, text: string, by: Person): Promise<Opinion> {
    this.mustHandle(opinion, by)
    const unitId = answersFor(opinion, by)
    if (unitId === undefined) throw new LiaisonError('OPINION_NOT_ACCEPTED', `opinion ${opinion.ticketNo} must be accepted before it is answered`, { ticketNo: opinion.ticketNo })
    const at = this.now()
    const answered = this.moved(
      await this.opinions.transition(
        opinion.id,
        opinion.status === 'transferring' ? ['transferring'] : ['open', 'accepted'],
        { status: 'answered', handlerUnitId: unitId, resolution: { text: text.trim(), by: by.id, at } },
        { at, by: by.id, action: 'answered' },
        undefined,
        ['rating'],
      ),
      opinion,
    )
    const round = answered.reopenedCount
    if (opinion.status === 'transferring' && opinion.handlerUnitId !== unitId) {
      const answeredBy = await this.unitName(unitId)
      await this.notifier.toUnitHandlers(opinion.handlerUnitId, await this.texts.transferEnded(answered, answeredBy), `opinion:${answered.ticketNo}:transfer-ended:${round}`)
    }
    if (answered.requester) await this.notifier.toRequester(answered.requester, await this.texts.answeredToRequester(answered), `opinion:${answered.ticketNo}:answered:${round}:requester`)
    if (answered.leaderId) await this.notifier.toPerson(answered.leaderId, await this.texts.answeredToLeader(answered), `opinion:${answered.ticketNo}:answered:${round}:leader`)
    return answered
  }

  /**
   * The requester's rating, with the comment they wrote after it (kept on the event, shown to
   * the handler on a reopening); 不满意 reopens the opinion once, with the same handler unit.
   */
  async rate(opinion: Opinion, rating: Rating, by: Speaker, comment = ''): Promise<Opinion> {
    if (!canFollowOpinion(by, opinion)) throw new LiaisonError('NOT_YOUR_OPINION', `opinion ${opinion.ticketNo} was not sent by this speaker`, { ticketNo: opinion.ticketNo })
    if (opinion.status === 'closed') throw new LiaisonError('OPINION_CLOSED', `opinion ${opinion.ticketNo} is closed`, { ticketNo: opinion.ticketNo })
    if (opinion.status !== 'answered') throw new LiaisonError('OPINION_NOT_ANSWERED', `opinion ${opinion.ticketNo} is ${opinion.status}`, { ticketNo: opinion.ticketNo })
    const at = this.now()
    const detail = ratingDetail(rating, comment)
    if (rating === DISSATISFIED && canReopen(opinion)) {
      const reopened = this.moved(
        await this.opinions.transition(opinion.id, ['answered'], { status: 'accepted', rating }, { at, by: 'requester', action: 'reopened', detail }, { reopenedCount: 1 }),
        opinion,
      )
      await this.notifier.toUnitHandlers(reopened.handlerUnitId, await this.texts.reopened(reopened, comment), `opinion:${opinion.ticketNo}:reopened:${reopened.reopenedCount}`)
      return reopened
    }
    return this.moved(await this.opinions.transition(opinion.id, ['answered'], { status: 'closed', rating }, { at, by: 'requester', action: 'rated', detail }), opinion)
  }

  /**
   * Takes back an opinion nobody has taken on yet (撤销 by whoever registered it); the handler
   * unit is told. False when it had already moved on.
   */
  async withdraw(opinion: Opinion, by: Person | 'requester'): Promise<boolean> {
    const closed = await this.opinions.transition(opinion.id, ['open'], { status: 'closed' }, { at: this.now(), by: by === 'requester' ? by : by.id, action: 'withdrawn' })
    if (!closed) return false
    await this.notifier.toUnitHandlers(closed.handlerUnitId, await this.texts.withdrawn(closed), `opinion:${closed.ticketNo}:withdrawn`)
    return true
  }

  /** An admin looks up who wrote an anonymous opinion; the reason is recorded on it first. */
  async reveal(opinion: Opinion, reason: string, by: Person): Promise<RequesterRef | undefined> {
    if (!reason.trim()) throw new LiaisonError('REVEAL_NEEDS_REASON', `reveal of ${opinion.ticketNo} without a reason`, { ticketNo: opinion.ticketNo })
    if (!canViewRequester({ kind: 'person', person: by }, opinion, reason)) throw new LiaisonError('NOT_ALLOWED', `person ${by.id} may not see who sent ${opinion.ticketNo}`)
    await this.opinions.note(opinion.id, { at: this.now(), by: by.id, action: 'revealed', detail: reason.trim() })
    return opinion.requester
  }

  private async unitName(id: string): Promise<string> {
    return (await this.units.findById(id))?.name ?? ''
  }

  private mustHandle(opinion: Opinion, by: Person): void {
    if (!canHandleOpinion({ kind: 'person', person: by }, opinion)) {
      throw new LiaisonError('NOT_YOUR_OPINION', `person ${by.id} does not handle opinion ${opinion.ticketNo}`, { ticketNo: opinion.ticketNo })
    }
  }

  /** The result of a guarded transition; undefined means someone else changed the opinion first. */
  private moved(result: Opinion | undefined, before: Opinion): Opinion {
    if (!result) throw new LiaisonError('OPINION_CHANGED', `opinion ${before.ticketNo} is no longer ${before.status}`, { ticketNo: before.ticketNo })
    return result
  }
}

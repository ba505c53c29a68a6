import { LiaisonError } from '../../errors.ts'
import type { Contacts } from '../../store/contacts.ts'
import type { OutboundMessage } from '../../outbox/outbox.ts'
import type { Opinions } from '../../store/opinions.ts'
import { addDays, weekStart, type ShanghaiDate } from '../calendar/shanghai-date.ts'
import type { OpinionService } from '../opinions/opinion-service.ts'
import type { Opinion } from '../opinions/opinion.ts'
import type { Notifier } from '../people/notifier.ts'
import type { Person } from '../people/person.ts'
import type { Contact, ContactFields } from './contact.ts'

export interface ContactTexts {
  /** Asks a leader to confirm what their secretary entered for them. */
  confirmEntry(contact: Contact, secretary: Person): OutboundMessage
  /** Tells the secretary what their leader said. */
  entryAnswered(contact: Contact, leader: Person, confirmed: boolean): OutboundMessage
  /** Tells the leader that the secretary took back what was waiting for their confirmation. */
  entryWithdrawn(contact: Contact, secretary: Person): OutboundMessage
}

export interface SaveContactRequest {
  readonly leader: Person
  readonly enteredBy: Person
  readonly fields: ContactFields & { readonly date: ShanghaiDate }
  /** Each opinion's category (one per entry of fields.opinions, in order). */
  readonly categories: readonly string[]
  readonly text: string
  readonly sourceKey: string
}

export interface SavedContact {
  readonly contact: Contact
  readonly opinions: readonly Opinion[]
}

/**
 * Saving contacts: the record, an opinion for every problem raised in it (HPU 第三十二条:
 * every opinion registered, handled and fed back), the leader's confirmation when a secretary
 * entered it, and undo within a short window.
 */
export class ContactService {
  constructor(
    private readonly contacts: Contacts,
    private readonly opinions: Opinions,
    private readonly opinionService: OpinionService,
    private readonly notifier: Notifier,
    private readonly texts: ContactTexts,
    private readonly now: () => Date,
  ) {}

  async save(request: SaveContactRequest): Promise<SavedContact> {
    const { leader, enteredBy, fields } = request
    const forSelf = leader.id === enteredBy.id
    const contact = await this.contacts.insert({
      ...fields,
      leaderId: leader.id,
      enteredById: enteredBy.id,
      status: forSelf ? 'confirmed' : 'awaiting_leader',
      text: request.text,
      sourceKey: request.sourceKey,
      createdAt: this.now(),
    })
    const opinions: Opinion[] = []
    for (const [i, content] of fields.opinions.entries()) {
      opinions.push(
        await this.opinionService.register({
          source: 'contact',
          content,
          category: request.categories[i]!,
          anonymous: false,
          raisedIn: fields.kinds,
          raisedOn: fields.date,
          contactId: contact.id,
          leaderId: leader.id,
          by: enteredBy.id,
          sourceKey: `${request.sourceKey}#opinion${i}`,
        }),
      )
    }
    if (opinions.length > 0) await this.contacts.linkOpinions(contact.id, opinions.map((o) => o.id))
    if (!forSelf) await this.notifier.toPerson(leader.id, this.texts.confirmEntry(contact, enteredBy), `contact:${contact.id}:confirm-entry`)
    return { contact: { ...contact, opinionIds: opinions.map((o) => o.id) }, opinions }
  }

  /** The leader confirms (or rejects) what their secretary entered. */
  async confirmEntry(contactId: string, leader: Person, confirmed: boolean): Promise<Contact> {
    const contact = await this.contacts.findById(contactId)
    if (!contact || contact.leaderId !== leader.id) throw new LiaisonError('CONTACT_NOT_FOUND', `no contact ${contactId} of leader ${leader.id}`)
    const changed = await this.contacts.changeStatus(contactId, ['awaiting_leader'], confirmed ? 'confirmed' : 'withdrawn', leader.id, this.now())
    if (!changed) throw new LiaisonError('CONTACT_NOT_FOUND', `contact ${contactId} is not awaiting confirmation`)
    if (!confirmed) await this.withdrawOpinions(changed, leader)
    await this.notifier.toPerson(changed.enteredById, this.texts.entryAnswered(changed, leader, confirmed), `contact:${contactId}:entry-answered`)
    return changed
  }

  /**
   * Withdraws a contact its author saved a moment ago; its opinions still waiting for a unit go
   * with it. A secretary's entry can be taken back only while it awaits the leader, who is told.
   */
  async undo(contactId: string, by: Person, windowMinutes: number): Promise<{ contact: Contact; withdrawnTickets: string[]; keptTickets: string[] } | undefined> {
    const contact = await this.contacts.findById(contactId)
    if (!contact || contact.enteredById !== by.id) return undefined
    if (this.now().getTime() - contact.createdAt.getTime() > windowMinutes * 60_000) return undefined
    const forLeader = contact.leaderId !== by.id
    if (forLeader && contact.status === 'confirmed') throw new LiaisonError('UNDO_CONFIRMED_BY_LEADER', `contact ${contactId} was confirmed by its leader; ${by.id} cannot undo it`)
    const withdrawn = await this.contacts.changeStatus(contactId, forLeader ? ['awaiting_leader'] : ['confirmed'], 'withdrawn', by.id, this.now())
    if (!withdrawn) return undefined
    const { withdrawnTickets, keptTickets } = await this.withdrawOpinions(withdrawn, by)
    if (forLeader) await this.notifier.toPerson(withdrawn.leaderId, this.texts.entryWithdrawn(withdrawn, by), `contact:${contactId}:entry-withdrawn`)
    return { contact: withdrawn, withdrawnTickets, keptTickets }
  }

  /** A recorded contact of the leader on that day with the same targets and kinds, if there is one. */
  async findSame(leaderId: string, date: ShanghaiDate, targets: readonly string[], kinds: readonly string[]): Promise<Contact | undefined> {
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))
    const recorded = [...(await this.contacts.forLeader(leaderId, date, addDays(date, 1))), ...(await this.contacts.awaitingLeader(leaderId))]
    return recorded.find((c) => c.date === date && same(c.targets, targets) && same(c.kinds, kinds))
  }

  /** The entries secretaries made for the leader that wait for the leader's confirmation. */
  async awaitingConfirmation(leaderId: string): Promise<Contact[]> {
    return this.contacts.awaitingLeader(leaderId)
  }

  /** Confirmed contacts of the leader in the week (Monday–Sunday) holding the date. */
  async countWeekOf(leaderId: string, date: ShanghaiDate): Promise<number> {
    const start = weekStart(date)
    return this.countBetween(leaderId, start, addDays(start, 7))
  }

  async countBetween(leaderId: string, from: ShanghaiDate, to: ShanghaiDate): Promise<number> {
    return this.contacts.countForLeader(leaderId, from, to)
  }

  /** Confirmed contacts per kind in a period [from, to). */
  async countByKind(leaderId: string, from: ShanghaiDate, to: ShanghaiDate): Promise<Map<string, number>> {
    return this.contacts.countByKind(leaderId, from, to)
  }

  /** Withdraws the contact's opinions no unit has taken up yet; those already in hand stay. */
  private async withdrawOpinions(contact: Contact, by: Person): Promise<{ withdrawnTickets: string[]; keptTickets: string[] }> {
    const withdrawnTickets: string[] = []
    const keptTickets: string[] = []
    for (const opinion of await this.opinions.forContact(contact.id)) (await this.opinionService.withdraw(opinion, by) ? withdrawnTickets : keptTickets).push(opinion.ticketNo)
    return { withdrawnTickets, keptTickets }
  }
}

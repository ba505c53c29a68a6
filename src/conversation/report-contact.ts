import { addDays, shanghaiDate, weekStart } from '../domain/calendar/shanghai-date.ts'
import type { ContactService } from '../domain/contacts/contact-service.ts'
import type { Contact, ContactFields } from '../domain/contacts/contact.ts'
import { isLeader, type Person } from '../domain/people/person.ts'
import type { People } from '../store/people.ts'
import type { Units } from '../store/units.ts'
import { categorizePoints, readAddedOpinions, readAmounts, readContactFragment, type Amounts, type Understanding } from '../understanding/index.ts'
import type { Messages } from '../messages.ts'
import type { CardContent, FlowRegistry, Slots } from './registry.ts'
import type { Turn } from './turn.ts'

export interface ReportContactDeps {
  readonly contacts: ContactService
  readonly people: People
  readonly units: Units
  readonly understanding: Understanding
  readonly messages: Messages
  /** How long 撤销 works after a save, to say so. */
  readonly undoMinutes: number
}

const CONTACT_FIELDS = ['kinds', 'date', 'time', 'place', 'targets', 'opinions'] as const
/** The fields that hold lists: an edit may add to them or take out of them. */
const LIST_FIELDS = ['kinds', 'targets', 'opinions'] as const
type ListField = (typeof LIST_FIELDS)[number]
/** A reply this short that names no known field is taken as the answer as written (a target, a place). */
const MAX_FREE_ANSWER_LENGTH = 30
const OLDEST_REPORT_DAYS = 366

/** The report_contact flow: a leader (or their secretary) reports a contact in one or two messages. */
export function registerReportContact(registry: FlowRegistry, deps: ReportContactDeps): void {
  const { messages } = deps
  const onlineKinds = new Set(deps.understanding.kinds.filter((k) => k.online).map((k) => k.label))

  registry.flow('report_contact', {
    async start(turn) {
      const slots: Slots = { text: turn.text, faceToFace: true, opinions: [], summary: '' }
      const leader = await leaderFor(turn, deps.people)
      if (leader) slots.leader = leader.id
      const { parsed } = turn
      if (parsed.intent === 'report_contact') {
        Object.assign(slots, { kinds: parsed.kinds, date: parsed.date, time: parsed.time, place: parsed.place, targets: parsed.targets, faceToFace: parsed.faceToFace, opinions: parsed.opinions, summary: parsed.summary })
      }
      return slots
    },

    fill(turn, asking, slots) {
      if (asking === 'leader') {
        const candidates = (slots.candidates as Array<{ id: string; name: string }> | undefined) ?? []
        const chosen = candidates.find((c) => turn.text.includes(c.name))
        return chosen ? { leader: chosen.id } : {}
      }
      const { parsed } = turn
      const listed = (field: ListField) => (slots[field] as string[] | undefined) ?? []
      const added = (field: ListField, values: readonly string[]) => [...new Set([...listed(field), ...values])]
      // 还有就是食堂晚上关门太早 adds an opinion; the 食堂 in it is no venue of the contact.
      const more = parsed.intent === 'edit' ? [] : readAddedOpinions(turn.text, deps.understanding)
      if (more.length > 0) return { opinions: added('opinions', more) }
      const said = parsed.intent === 'edit' ? parsed.changes : readContactFragment(turn.text, { now: turn.sentAt }, deps.understanding)
      const changes: Slots = {}
      for (const field of CONTACT_FIELDS) if (said[field] !== undefined) changes[field] = said[field]
      const kinds = (changes.kinds as string[] | undefined) ?? []
      // 改成线上 sets an online kind: the card must not go on saying 面对面.
      if (('online' in said && said.online) || kinds.some((k) => onlineKinds.has(k))) changes.faceToFace = false
      if (parsed.intent === 'edit') {
        // 形式加上进班级, 意见补充…: the lists grow; 形式去掉进宿舍 shrinks them; 意见改成… replaces them.
        // 改成线上 says how, not what: the kinds stay.
        const adds = parsed.adds || (kinds.length > 0 && kinds.every((k) => onlineKinds.has(k)))
        for (const field of LIST_FIELDS) {
          const values = changes[field] as string[] | undefined
          if (values && parsed.removes) changes[field] = listed(field).filter((v) => !values.includes(v))
          else if (values && adds) changes[field] = added(field, values)
        }
      } else if (Array.isArray(changes.opinions)) {
        // Opinions said along the way (另外同学们还反映…) add to the record's.
        changes.opinions = added('opinions', changes.opinions as string[])
        // Who raised them (同学们还反映…) stands in for a target only while the record has none.
        if (listed('targets').length > 0) delete changes.targets
      }
      // Opinions alone answer no question: they are kept, and the question is asked again.
      if (asking && 'opinions' in changes && Object.keys(changes).length === 1) return changes
      const text = turn.text.trim()
      if (asking && asking !== 'date' && asking !== 'kinds' && !(asking in changes) && text.length <= MAX_FREE_ANSWER_LENGTH && parsed.intent === 'other') {
        changes[asking] = asking === 'targets' ? text.split(deps.understanding.targets.joiner).map((t) => t.trim()).filter(Boolean) : text
      }
      return changes
    },

    startsAnew(turn, slots) {
      const { parsed } = turn
      if (parsed.intent !== 'report_contact' || !parsed.date || parsed.kinds.length === 0 || parsed.targets.length === 0) return false
      // A whole report of another day or other people is another contact, not an answer about this one.
      const targets = (slots.targets as string[] | undefined) ?? []
      return (typeof slots.date === 'string' && parsed.date !== slots.date) || (targets.length > 0 && !parsed.targets.some((t) => targets.includes(t)))
    },

    noted(changes) {
      const opinions = changes.opinions as string[] | undefined
      return opinions ? { kind: 'text', text: messages.text('OPINIONS_NOTED', { count: opinions.length }) } : undefined
    },

    has(slot, slots) {
      const value = slots[slot]
      return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== ''
    },

    async ask(slot, slots, turn) {
      if (slot === 'leader') {
        const candidates = await secretaryLeaders(turn.person, deps.people)
        slots.candidates = candidates.map((p) => ({ id: p.id, name: p.name }))
        return { kind: 'card', title: messages.text('ASK_LEADER'), text: '', buttons: candidates.map((p) => ({ label: p.name, value: p.name })) }
      }
      if (slot === 'kinds') return { kind: 'text', text: messages.text('ASK_KINDS') }
      return undefined
    },

    async card(slots, turn) {
      const leader = await deps.people.findById(String(slots.leader))
      const fields = fieldsOf(slots)
      const amounts = readAmounts(String(slots.text ?? ''), deps.understanding)
      // The same contact sent twice (a resend after a slow answer) would count twice.
      const twin = leader && fields.date ? await deps.contacts.findSame(leader.id, fields.date, fields.targets, fields.kinds) : undefined
      return contactCard(fields, leader, turn.person, turn.inGroup, messages, { amounts, twin })
    },

    async save(slots, turn) {
      const enteredBy = turn.person!
      const leader = (await deps.people.findById(String(slots.leader))) ?? enteredBy
      const fields = fieldsOf(slots)
      // 课时 and days count toward amount rules (HPU 第十三条, FJHC 四.(一)1(2)) when the report states them.
      const amounts = readAmounts(String(slots.text ?? ''), deps.understanding)
      const saved = await deps.contacts.save({
        leader,
        enteredBy,
        fields: { ...fields, ...amounts, date: fields.date! },
        categories: categorizePoints(fields.opinions, deps.understanding),
        text: String(slots.text ?? ''),
        sourceKey: turn.sourceKey,
      })
      const head = leader.id === enteredBy.id ? await savedText(saved.contact.date!, leader.id, turn) : messages.text('CONTACT_SAVED_FOR_LEADER', { leader: leader.name })
      const routed: string[] = []
      for (const opinion of saved.opinions) {
        const unit = await deps.units.findById(opinion.handlerUnitId)
        routed.push(messages.text('CONTACT_OPINION_ROUTED', { ticketNo: opinion.ticketNo, unit: unit?.name ?? '', due: messages.monthDay(opinion.dueDate) }))
      }
      const undo = messages.text('UNDO_HINT', { minutes: deps.undoMinutes })
      // Where opinions went is private: in a group it goes to the leader one-to-one.
      if (turn.inGroup && routed.length > 0) {
        await turn.reply({ kind: 'text', text: [head, messages.text('CONTACT_OPINIONS_SENT_PRIVATELY', { count: routed.length })].join('\n') })
        await turn.replyPrivately({ kind: 'text', text: [...routed, undo].join('\n') })
      } else await turn.reply({ kind: 'text', text: [head, ...routed, undo].join('\n') })
      return { undo: { kind: 'contact', id: saved.contact.id } }
    },
  })

  /** What was saved, with the leader's count for the week the contact falls in. */
  async function savedText(date: string, leaderId: string, turn: Turn): Promise<string> {
    const count = await deps.contacts.countWeekOf(leaderId, date)
    const week = weekStart(date)
    if (week === weekStart(shanghaiDate(turn.sentAt))) return messages.text('CONTACT_SAVED', { count })
    return messages.text('CONTACT_SAVED_OTHER_WEEK', { count, from: messages.monthDay(week), to: messages.monthDay(addDays(week, 6)) })
  }

  registry.validator('contact.date', (value, _slots, turn) => {
    const date = String(value)
    const today = shanghaiDate(turn.sentAt)
    if (date > today) return { refused: 'DATE_IN_FUTURE' }
    if (date < addDays(today, -OLDEST_REPORT_DAYS)) return { refused: 'DATE_TOO_OLD' }
    return { value: date }
  })

  registry.validator('contact.leader', async (value, _slots, turn) => {
    const person = turn.person
    if (person && value === person.id) return { value }
    const leaders = await secretaryLeaders(person, deps.people)
    return leaders.some((l) => l.id === value) ? { value } : { refused: 'NOT_YOUR_LEADER' }
  })
}

/** Whose contact it is: the speaker's own, unless a secretary names (or has only) one leader. */
async function leaderFor(turn: Turn, people: People): Promise<Person | undefined> {
  const person = turn.person
  if (!person) return undefined
  const leaders = await secretaryLeaders(person, people)
  const named = leaders.find((l) => turn.text.includes(l.name))
  if (named) return named
  // A secretary naming a leader she does not serve is refused (contact.leader), not recorded for her own leader.
  if (leaders.length > 0) {
    const other = (await people.list()).find((p) => p.id !== person.id && isLeader(p) && turn.text.includes(p.name))
    if (other) return other
  }
  if (isLeader(person)) return person
  return leaders.length === 1 ? leaders[0] : undefined
}

async function secretaryLeaders(person: Person | undefined, people: People): Promise<Person[]> {
  if (!person || !person.roles.includes('secretary')) return []
  const found = await Promise.all(person.secretaryOf.map((id) => people.findById(id)))
  return found.filter((p): p is Person => p !== undefined)
}

function fieldsOf(slots: Slots): ContactFields {
  return {
    kinds: (slots.kinds as string[] | undefined) ?? [],
    date: (slots.date as string | null | undefined) ?? null,
    time: (slots.time as string | null | undefined) ?? null,
    place: (slots.place as string | null | undefined) ?? null,
    targets: (slots.targets as string[] | undefined) ?? [],
    faceToFace: slots.faceToFace !== false,
    opinions: (slots.opinions as string[] | undefined) ?? [],
    summary: String(slots.summary ?? ''),
  }
}

/** The record as a card; in a group the opinions are counted, never shown. */
export function contactCard(
  fields: ContactFields,
  leader: Person | undefined,
  enteredBy: Person | undefined,
  inGroup: boolean,
  messages: Messages,
  extra: { readonly amounts: Amounts; readonly twin: Contact | undefined },
): CardContent {
  const none = messages.text('NONE')
  const lines = [
    messages.text('CARD_TARGETS', { targets: messages.list(fields.targets) || none }),
    messages.text('CARD_WHEN', { date: fields.date ?? none, time: fields.time ? ` ${fields.time}` : '' }),
    messages.text('CARD_PLACE', { place: fields.place ?? none }),
    messages.text('CARD_KINDS', { kinds: messages.list(fields.kinds) || none }),
    messages.text(fields.faceToFace ? 'CARD_FACE_TO_FACE' : 'CARD_ONLINE'),
  ]
  // The record forms need a place for a face-to-face contact; said now, it can still be added.
  if (!fields.place && fields.faceToFace) lines.push(messages.text('CARD_PLACE_MISSING'))
  if (extra.amounts.classHours) lines.push(messages.text('CARD_CLASS_HOURS', { hours: extra.amounts.classHours }))
  if (extra.amounts.days) lines.push(messages.text('CARD_DAYS', { days: extra.amounts.days }))
  if (fields.opinions.length === 0) lines.push(messages.text('CARD_NO_OPINIONS'))
  else if (inGroup) lines.push(messages.text('CARD_OPINIONS_COUNTED', { count: fields.opinions.length }))
  else lines.push(messages.text('CARD_OPINIONS'), ...fields.opinions.map((o, i) => `${i + 1}. ${o}`))
  if (leader && enteredBy && leader.id !== enteredBy.id) lines.push(messages.text('CARD_ENTERED_FOR', { leader: leader.name, by: enteredBy.name }))
  if (extra.twin) lines.push(messages.text('CARD_TWIN', { date: messages.monthDay(extra.twin.date!), targets: messages.list(extra.twin.targets) }))
  return { title: messages.text('CARD_TITLE'), text: lines.join('\n') }
}


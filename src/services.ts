import { fileURLToPath } from 'node:url'
import type { Connection } from 'mongoose'
import type { Platform, Recipient } from './channels/message.ts'
import { contactTexts, opinionTexts } from './conversation/notification-texts.ts'
import { ASSIGNMENT_KINDS } from './domain/assignments/assignment.ts'
import { AssignmentService } from './domain/assignments/assignment-service.ts'
import { assignmentVocabulary } from './domain/assignments/assignment-vocabulary.ts'
import { CalendarService } from './domain/calendar/calendar-service.ts'
import { chineseHolidayCalendar } from './domain/calendar/chinese-holidays.ts'
import { loadSemesters, type Semester } from './domain/calendar/semesters.ts'
import { ContactService } from './domain/contacts/contact-service.ts'
import { deadlinesFromRules, type Deadlines } from './domain/duties/deadlines.ts'
import { loadRules, type RuleSet } from './domain/duties/load-rules.ts'
import { ProgressService } from './domain/duties/progress-service.ts'
import { loadTargetKinds } from './domain/duties/target-kinds.ts'
import { OpinionService } from './domain/opinions/opinion-service.ts'
import { loadRouting, type Routing } from './domain/opinions/routing.ts'
import { Notifier } from './domain/people/notifier.ts'
import { isAdmin, type Person } from './domain/people/person.ts'
import type { Logger } from './log.ts'
import type { Messages } from './messages.ts'
import type { Outbox } from './outbox/outbox.ts'
import { Assignments } from './store/assignments.ts'
import { CalendarDays } from './store/calendar-days.ts'
import { Contacts } from './store/contacts.ts'
import { DutySubmissions } from './store/duty-submissions.ts'
import { NudgePauses } from './store/nudge-pauses.ts'
import { Opinions } from './store/opinions.ts'
import { People } from './store/people.ts'
import { Sessions } from './store/sessions.ts'
import { Units } from './store/units.ts'
import { createUnderstanding, type Understanding } from './understanding/index.ts'
import { loadVocabulary, type Vocabulary } from './understanding/vocabulary.ts'

export const VOCABULARY_DIR = fileURLToPath(new URL('../conversations/vocabulary', import.meta.url))

/**
 * The vocabulary and the classifier trained on it, once per process: training takes most of a
 * second, and the files do not change while Liaison runs (tests start many bots in one process).
 */
let understood: { vocabulary: Vocabulary; understanding: Understanding } | undefined
export function understand(): { vocabulary: Vocabulary; understanding: Understanding } {
  if (!understood) {
    const vocabulary = loadVocabulary(VOCABULARY_DIR)
    understood = { vocabulary, understanding: createUnderstanding(vocabulary) }
  }
  return understood
}

export interface ServicesOptions {
  readonly connection: Connection
  readonly outbox: Outbox
  /** The platforms Liaison sends on, in order of preference for reaching a person. */
  readonly platforms: readonly Platform[]
  /** The administrators' groups (robots) that are configured. */
  readonly adminGroups: readonly Recipient[]
  readonly messages: Messages
  readonly rulesProfile: string
  readonly log: Logger
  readonly now: () => Date
}

/** The collections and the services over them that the conversation, the jobs and the tools share. */
export interface Services {
  readonly messages: Messages
  readonly understanding: Understanding
  readonly people: People
  readonly units: Units
  readonly sessions: Sessions
  readonly opinions: Opinions
  readonly contacts: Contacts
  readonly assignments: Assignments
  readonly submissions: DutySubmissions
  readonly pauses: NudgePauses
  readonly calendar: CalendarService
  readonly semesters: readonly Semester[]
  readonly rules: RuleSet
  /** Which unit handles which opinion category. */
  readonly routing: Routing
  /** How long opinions have, by the rules' deadlines (D01 …) and the routing's fallback. */
  readonly deadlines: Deadlines
  readonly notifier: Notifier
  readonly opinionService: OpinionService
  readonly contactService: ContactService
  readonly assignmentService: AssignmentService
  readonly progress: ProgressService
  /** Where digests and alerts for the admins go: their groups, or, with none configured, each admin. */
  adminRecipients(): Promise<Recipient[]>
}

/**
 * Loads the data of conversations/ (vocabulary, routing, rules, calendar), opens the collections
 * and builds the services over them. A problem in the data stops the start with the file and the
 * place named; an unknown RULES_PROFILE names the profiles there are.
 */
export async function openServices(options: ServicesOptions): Promise<Services> {
  const { connection, outbox, messages, now, log } = options
  const { vocabulary, understanding } = understand()
  const contactKinds = vocabulary.kinds.kinds.map((k) => k.label)
  const routing = loadRouting({ categories: vocabulary.categories.categories.map((c) => c.label) })
  const targetKinds = loadTargetKinds(contactKinds)
  const rules = loadRules(options.rulesProfile, { contactKinds, targetKinds: targetKinds.names, assignmentKinds: ASSIGNMENT_KINDS })
  const semesters = loadSemesters()
  const [people, units, sessions, opinions, contacts, assignments, submissions, pauses, calendarDays] = await Promise.all([
    People.open(connection),
    Units.open(connection),
    Sessions.open(connection),
    Opinions.open(connection),
    Contacts.open(connection, log),
    Assignments.open(connection),
    DutySubmissions.open(connection),
    NudgePauses.open(connection),
    CalendarDays.open(connection),
  ])
  const calendar = await CalendarService.load(calendarDays, chineseHolidayCalendar(), log, { now })
  const notifier = new Notifier(people, outbox, options.platforms)
  const unitName = async (id: string) => (await units.findById(id))?.name ?? ''
  const deadlines = deadlinesFromRules(rules.rules, routing.fallbackDeadlines)
  const opinionService = new OpinionService(opinions, units, routing, deadlines, calendar.calendar, notifier, opinionTexts(messages, unitName), now)
  const contactService = new ContactService(contacts, opinions, opinionService, notifier, contactTexts(messages), now)
  const labels = assignmentVocabulary()
  const progress = new ProgressService({
    rules,
    targetKinds,
    contacts,
    assignments,
    submissions,
    opinions,
    people,
    calendar: calendar.calendar,
    semesters,
    assignmentLabel: (kind) => labels.label(kind),
  })
  return {
    messages,
    understanding,
    people,
    units,
    sessions,
    opinions,
    contacts,
    assignments,
    submissions,
    pauses,
    calendar,
    semesters,
    rules,
    routing,
    deadlines,
    notifier,
    opinionService,
    contactService,
    assignmentService: new AssignmentService(assignments, people, now),
    progress,
    async adminRecipients() {
      if (options.adminGroups.length > 0) return [...options.adminGroups]
      return (await people.list({ role: 'admin' })).filter(isAdmin).flatMap((p: Person) => notifier.recipientOf(p) ?? [])
    },
  }
}

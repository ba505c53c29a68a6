import { fileURLToPath } from 'node:url'
import type { Connection } from 'mongoose'
import type { Platform } from '../channels/message.ts'
import type { ConversationConfig } from '../config/load-config.ts'
import { chineseHolidayCalendar } from '../domain/calendar/chinese-holidays.ts'
import { loadSemesters } from '../domain/calendar/semesters.ts'
import { ContactService } from '../domain/contacts/contact-service.ts'
import { OpinionService } from '../domain/opinions/opinion-service.ts'
import { loadRouting } from '../domain/opinions/routing.ts'
import { Notifier } from '../domain/people/notifier.ts'
import type { Logger } from '../log.ts'
import type { Outbox } from '../outbox/outbox.ts'
import { Contacts } from '../store/contacts.ts'
import { Opinions } from '../store/opinions.ts'
import { People } from '../store/people.ts'
import { Sessions } from '../store/sessions.ts'
import { Units } from '../store/units.ts'
import { createUnderstanding, type Understanding } from '../understanding/index.ts'
import { loadVocabulary, type Vocabulary } from '../understanding/vocabulary.ts'
import { loadCommands } from './commands.ts'
import { Conversation } from './conversation.ts'
import { loadFlows } from './flows.ts'
import { loadMessages, type Messages } from './messages.ts'
import { contactTexts, opinionTexts } from './notification-texts.ts'

export const VOCABULARY_DIR = fileURLToPath(new URL('../../conversations/vocabulary', import.meta.url))

/**
 * The vocabulary and the classifier trained on it, once per process: training takes most of a
 * second, and the files do not change while Liaison runs (tests start many bots in one process).
 */
let understood: { vocabulary: Vocabulary; understanding: Understanding } | undefined
function understand(): { vocabulary: Vocabulary; understanding: Understanding } {
  if (!understood) {
    const vocabulary = loadVocabulary(VOCABULARY_DIR)
    understood = { vocabulary, understanding: createUnderstanding(vocabulary) }
  }
  return understood
}

export interface ConversationSetup {
  readonly conversation: Conversation
  readonly people: People
  readonly units: Units
}

export interface CreateConversationOptions {
  readonly connection: Connection
  readonly outbox: Outbox
  /** The platforms Liaison sends on, in order of preference for reaching a person. */
  readonly platforms: readonly Platform[]
  readonly messages: Messages
  readonly config: ConversationConfig & { readonly sweepIntervalMs?: number }
  readonly log: Logger
  readonly now: () => Date
}

/**
 * Loads the data of conversations/ (vocabulary, flows, commands, routing, calendar), opens the
 * collections the conversation uses and builds the services and the engine over them. Any
 * problem in the data stops the start with the file and the place named.
 */
export async function createConversation(options: CreateConversationOptions): Promise<ConversationSetup> {
  const { connection, outbox, messages, now } = options
  const { vocabulary, understanding } = understand()
  const routing = loadRouting({ categories: vocabulary.categories.categories.map((c) => c.label), contactKinds: vocabulary.kinds.kinds.map((k) => k.label) })
  const flows = loadFlows()
  for (const flow of flows) for (const slot of flow.slots) if (!messages.has(slot.ask)) throw new Error(`flows/${flow.id}: slots.${slot.name}.ask names ${slot.ask}, which conversations/messages.yaml lacks`)
  const [people, units, sessions, opinions, contacts] = await Promise.all([
    People.open(connection),
    Units.open(connection),
    Sessions.open(connection),
    Opinions.open(connection),
    Contacts.open(connection),
  ])
  const notifier = new Notifier(people, outbox, options.platforms)
  const unitName = async (id: string) => (await units.findById(id))?.name ?? ''
  const opinionService = new OpinionService(opinions, units, routing, chineseHolidayCalendar(), notifier, opinionTexts(messages, unitName), now)
  const contactService = new ContactService(contacts, opinions, opinionService, notifier, contactTexts(messages), now)
  const conversation = new Conversation({
    people,
    units,
    sessions,
    opinions,
    contacts: contactService,
    opinionService,
    understanding,
    messages,
    commands: loadCommands(),
    flows,
    semesters: loadSemesters(),
    outbox,
    log: options.log,
    now,
    options: options.config,
  })
  return { conversation, people, units }
}

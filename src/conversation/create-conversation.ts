import type { ConversationConfig } from '../config/load-config.ts'
import type { Logger } from '../log.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { Services } from '../services.ts'
import { loadCommands } from './commands.ts'
import { Conversation } from './conversation.ts'
import { loadFlows } from './flows.ts'

export interface CreateConversationOptions {
  readonly outbox: Outbox
  readonly config: ConversationConfig & { readonly sweepIntervalMs?: number }
  readonly log: Logger
  readonly now: () => Date
}

/**
 * Loads the flows and commands of conversations/ and builds the engine over the services; a
 * flow asking a question messages.yaml lacks stops the start with the file and the slot named.
 */
export function createConversation(services: Services, options: CreateConversationOptions): Conversation {
  const { messages } = services
  const flows = loadFlows()
  for (const flow of flows) for (const slot of flow.slots) if (!messages.has(slot.ask)) throw new Error(`flows/${flow.id}: slots.${slot.name}.ask names ${slot.ask}, which conversations/messages.yaml lacks`)
  return new Conversation({
    services,
    commands: loadCommands(),
    flows,
    outbox: options.outbox,
    log: options.log,
    now: options.now,
    options: options.config,
  })
}

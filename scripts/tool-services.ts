import { adminGroups, configuredSenders } from '../src/channels/configured-senders.ts'
import { LocalMailbox } from '../src/channels/local/mailbox.ts'
import type { Config } from '../src/config/load-config.ts'
import type { Logger } from '../src/log.ts'
import { loadMessages } from '../src/messages.ts'
import { Outbox } from '../src/outbox/outbox.ts'
import { openServices, type Services } from '../src/services.ts'
import type { ToolStore } from '../src/store/open-tool-store.ts'
import { OutboxMessages } from '../src/store/outbox-messages.ts'

/**
 * The bot's services over a tool's store (npm run jobs, duties, demo). What a tool sends goes to
 * the outbox like the bot's own messages, filed under the same destinations, for the worker of a
 * running bot to send.
 */
export async function openToolServices(config: Config, log: Logger, store: ToolStore): Promise<{ services: Services; outbox: Outbox }> {
  const senders = configuredSenders(config.channels, new LocalMailbox())
  const outbox = new Outbox(await OutboxMessages.open(store.connection), senders)
  const services = await openServices({
    connection: store.connection,
    outbox,
    platforms: [...senders.keys()],
    adminGroups: adminGroups(config.channels),
    messages: loadMessages(),
    rulesProfile: config.rulesProfile,
    log,
    now: () => new Date(),
  })
  return { services, outbox }
}

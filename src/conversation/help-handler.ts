import type { MessageHandler } from '../channels/message.ts'
import type { Messages } from './messages.ts'

/**
 * The handler until the conversation engine lands: every message gets the help text. Opening
 * the app is not a message, so it gets nothing (WeCom sends enter_agent on every visit).
 */
export function createHelpHandler(messages: Messages): MessageHandler {
  return async (message, reply) => {
    if (message.action?.type === 'open') return
    await reply({ kind: 'text', text: messages.text('HELP') })
  }
}

// `npm run chat`: talk to the running bot from a terminal, through the same local channel as the page.
//   npm run chat -- [--id chenzhiqiang] [--name 陈志强] [--role leader] [--group college-leaders] [--url http://localhost:3000]
// Who someone is comes from the roster; the name defaults to the roster's, the role is a hint for ids not on it.
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
    id: { type: 'string', default: 'chenzhiqiang' },
    name: { type: 'string' },
    role: { type: 'string' },
    group: { type: 'string' },
    title: { type: 'string' },
  },
})
const base = values.url!.replace(/\/+$/, '')
const sender = { userId: values.id!, name: values.name ?? (await rosterName(values.id!)) ?? values.id!, ...(values.role ? { role: values.role } : {}) }
const chat = values.group ? { type: 'group' as const, chatId: values.group, ...(values.title ? { title: values.title } : {}) } : { type: 'single' as const }

/** The name the local chat knows for an id (the roster's, or a sample requester's). */
async function rosterName(userId: string): Promise<string | undefined> {
  try {
    const body = (await (await fetch(`${base}/local/people`)).json()) as { people: Array<{ userId: string; name: string }> }
    return body.people.find((p) => p.userId === userId)?.name
  } catch {
    return undefined
  }
}

interface Reply {
  message: { kind: 'text'; text: string } | { kind: 'markdown'; title: string; markdown: string } | { kind: 'card'; title: string; text: string; buttons: Array<{ label: string; value: string }> }
}

function render(reply: Reply): string {
  const m = reply.message
  if (m.kind === 'text') return m.text
  if (m.kind === 'markdown') return `${m.title}\n${m.markdown}`
  return [m.title, m.text, ...m.buttons.map((b) => (b.label === b.value ? `  [${b.value}]` : `  [${b.value}] ${b.label}`))].join('\n')
}

let stopped = false
const terminal = createInterface({ input: process.stdin, output: process.stdout })

/** One reader per box: the chat's, and in a group also the person's own, where private answers go. */
async function readReplies(reading: { type: 'single' | 'group'; id: string }, who: string): Promise<void> {
  let after = 0
  let epoch = ''
  while (!stopped) {
    try {
      const query = new URLSearchParams({ ...reading, after: String(after), waitMs: '20000', epoch })
      const response = await fetch(`${base}/local/replies?${query}`)
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const body = (await response.json()) as { replies: Reply[]; last: number; epoch: string }
      for (const reply of body.replies) process.stdout.write(`\n${who}> ${render(reply).replaceAll('\n', `\n${' '.repeat(who.length * 2 + 2)}`)}\n`)
      if (body.replies.length > 0) terminal.prompt(true)
      after = body.last
      epoch = body.epoch
    } catch (error) {
      if (stopped) return
      process.stderr.write(`\n(cannot reach ${base}: ${(error as Error).message}; retrying)\n`)
      await new Promise((resolve) => setTimeout(resolve, 2000))
    }
  }
}

async function send(text: string): Promise<void> {
  const response = await fetch(`${base}/local/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: randomUUID(), sender, chat, text }),
  })
  if (!response.ok) process.stderr.write(`(not sent: HTTP ${response.status} ${await response.text()})\n`)
}

const where = chat.type === 'group' ? `group ${chat.chatId}` : 'one-to-one'
process.stdout.write(`Talking to ${base} as ${sender.name} (${sender.userId}), ${where}. Ctrl+D to quit.\n`)
terminal.setPrompt(`${sender.name}> `)
void readReplies({ type: chat.type, id: values.group ?? sender.userId }, '联系助手')
if (values.group) void readReplies({ type: 'single', id: sender.userId }, '联系助手（私信）')
terminal.prompt()
terminal.on('line', (line) => {
  const text = line.trim()
  if (text) void send(text).catch((error: unknown) => process.stderr.write(`(not sent: ${(error as Error).message})\n`))
  terminal.prompt()
})
terminal.on('close', () => {
  stopped = true
  process.stdout.write('\n')
  process.exit(0)
})

// The local chat: speaks to Liaison as any person through POST /local/messages and reads the
// answers with long polls of GET /local/replies. No framework, no build step.

const $ = (id) => document.getElementById(id)
const identityForm = $('identity')
const composer = $('composer')
const list = $('messages')
const status = $('status')
const STORAGE_KEY = 'liaison.localChat'

let session // { sender, chat, box } once started
let poll // { stop: boolean } of the running long-poll loop
const people = []

function newId() {
  // crypto.randomUUID exists only in secure contexts; the page may be opened by LAN address.
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

function chatType() {
  return document.querySelector('input[name="chat-type"]:checked').value
}

function show(message, mine, who) {
  const item = document.createElement('li')
  item.className = mine ? 'mine' : 'bot'
  if (who) {
    const label = document.createElement('span')
    label.className = 'who'
    label.textContent = who
    item.append(label)
  }
  if (message.kind === 'text') item.append(message.text)
  if (message.kind === 'markdown' || message.kind === 'card') {
    const title = document.createElement('span')
    title.className = 'title'
    title.textContent = message.title
    item.append(title, message.kind === 'markdown' ? message.markdown : message.text)
  }
  if (message.kind === 'card') {
    const buttons = document.createElement('div')
    buttons.className = 'buttons'
    for (const button of message.buttons) {
      const element = document.createElement('button')
      element.type = 'button'
      element.textContent = button.label
      element.addEventListener('click', () => send(button.value))
      buttons.append(element)
    }
    item.append(buttons)
  }
  list.append(item)
  item.scrollIntoView({ block: 'end' })
}

// One reader per box: the chat's own, and in a group also the person's one-to-one box, where
// private answers (opinions, progress) go.
async function readReplies(box, state, who) {
  let after = 0
  let epoch = ''
  while (!state.stop) {
    const query = new URLSearchParams({ type: box.type, id: box.id, after: String(after), waitMs: '20000', epoch })
    try {
      const response = await fetch(`/local/replies?${query}`)
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const body = await response.json()
      if (state.stop) return
      for (const entry of body.replies) show(entry.message, false, who)
      after = body.last
      epoch = body.epoch
      status.textContent = ''
    } catch {
      status.textContent = '与联系助手的连接中断，正在重试…'
      await new Promise((resolve) => setTimeout(resolve, 2000))
    }
  }
}

function start() {
  const sender = { userId: $('user-id').value.trim(), name: $('user-name').value.trim(), role: $('role').value }
  const type = chatType()
  const chat = type === 'group' ? { type, chatId: $('group-id').value.trim(), title: $('group-title').value.trim() || undefined } : { type }
  session = { sender, chat: { ...chat }, chatKey: type === 'group' ? chat.chatId : sender.userId }
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ sender, chat }))
  if (poll) poll.stop = true
  poll = { stop: false }
  list.replaceChildren()
  const where = type === 'group' ? `群聊「${chat.title ?? chat.chatId}」` : '单聊'
  $('who').textContent = `以 ${sender.name}（${sender.userId}）的身份${where}，发送“帮助”试试。`
  status.textContent = ''
  readReplies({ type: chat.type, id: session.chatKey }, poll, type === 'group' ? '联系助手（群内）' : '联系助手')
  if (type === 'group') readReplies({ type: 'single', id: sender.userId }, poll, '联系助手（私信）')
  setIdentityOpen(false)
  $('text').focus()
}

async function send(text) {
  if (!session) {
    setIdentityOpen(true)
    status.textContent = '请先填写身份并开始会话。'
    return
  }
  const message = { id: newId(), sender: session.sender, chat: session.chat, text }
  show({ kind: 'text', text }, true, session.chat.type === 'group' ? `${session.sender.name} @联系助手` : undefined)
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const response = await fetch('/local/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) })
      if (response.ok) return
      if (response.status < 500) {
        status.textContent = '消息格式不正确，未能发送。'
        return
      }
    } catch {
      // Resent with the same id below: the bot takes it once.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 * attempt))
  }
  status.textContent = '消息未能送达联系助手，请检查它是否在运行。'
}

function setIdentityOpen(open) {
  identityForm.hidden = !open
  $('toggle-identity').setAttribute('aria-expanded', String(open))
}

function fill(person) {
  $('user-id').value = person.userId
  $('user-name').value = person.name
  $('role').value = person.role
}

async function loadPeople() {
  try {
    const response = await fetch('/local/people')
    const body = await response.json()
    people.push(...body.people)
  } catch {
    return
  }
  const roles = { leader: '领导干部', student: '师生', office: '职能部门', admin: '管理员' }
  if (!people.some((p) => p.onRoster)) status.textContent = '名单为空：只能以师生身份反映意见。导入示例名单：npm run roster -- import docs/sample-roster.csv'
  for (const [index, person] of people.entries()) {
    const option = document.createElement('option')
    option.value = String(index)
    option.textContent = `${person.name}（${roles[person.role] ?? person.role}${person.unit ? ` · ${person.unit}` : ''}）`
    $('person').append(option)
  }
}

$('person').addEventListener('change', (event) => {
  const person = people[Number(event.target.value)]
  if (event.target.value !== '' && person) fill(person)
})
for (const radio of document.querySelectorAll('input[name="chat-type"]')) {
  radio.addEventListener('change', () => {
    $('group-fields').hidden = chatType() !== 'group'
    $('group-id').required = chatType() === 'group'
  })
}
$('toggle-identity').addEventListener('click', () => setIdentityOpen(identityForm.hidden))
identityForm.addEventListener('submit', (event) => {
  event.preventDefault()
  start()
})
composer.addEventListener('submit', (event) => {
  event.preventDefault()
  const text = $('text').value.trim()
  if (!text) return
  $('text').value = ''
  send(text)
})
$('text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault()
    composer.requestSubmit()
  }
})

await loadPeople()
const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')
if (saved?.sender) {
  fill(saved.sender)
  if (saved.chat?.type === 'group') {
    document.querySelector('input[value="group"]').checked = true
    $('group-fields').hidden = false
    $('group-id').value = saved.chat.chatId
    $('group-title').value = saved.chat.title ?? ''
  }
  start()
} else if (people[0]) {
  fill(people[0])
  $('person').value = '0'
}

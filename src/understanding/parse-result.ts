/** What `parse` returns; `intent` tells which shape. */
export type ParseResult = ContactReport | OpinionSubmission | OpinionQuery | EditRequest | PlainIntent

export type ContactField = 'kinds' | 'date' | 'targets'

export interface ContactReport {
  readonly intent: 'report_contact'
  /** Contact kinds (labels of kinds.yaml, in its order). */
  readonly kinds: string[]
  /** YYYY-MM-DD in Asia/Shanghai, or null when the text names no day. */
  readonly date: string | null
  /** HH:mm, or null. */
  readonly time: string | null
  /** The venue as written, or null. */
  readonly place: string | null
  /** Who was contacted, each as written. */
  readonly targets: string[]
  /** False only for online contact. */
  readonly faceToFace: boolean
  /** Each problem or suggestion raised, as written. */
  readonly opinions: string[]
  /** The contact part of the message, as written, without the opinions. */
  readonly summary: string
  /** Required fields still to ask for, in this order: kinds, date, targets. */
  readonly missing: ContactField[]
}

export interface OpinionSubmission {
  readonly intent: 'submit_opinion'
  readonly category: string
  readonly opinions: string[]
  readonly anonymous: boolean
}

export interface OpinionQuery {
  readonly intent: 'query_opinion'
  /** YYYY-NNNN when the message names a ticket. */
  readonly ticketNo: string | null
}

/** Fields of the record being confirmed that the message changes; absent fields stay as they are. */
export interface ContactChanges {
  readonly kinds?: string[]
  readonly date?: string
  readonly time?: string
  readonly place?: string
  readonly targets?: string[]
  readonly opinions?: string[]
}

export interface EditRequest {
  readonly intent: 'edit'
  /** Empty when the message only asks to edit (修改). */
  readonly changes: ContactChanges
  /** The field the message names (时间 is date, 地点 place …), even without a new value. */
  readonly field: 'kinds' | 'date' | 'place' | 'targets' | 'opinions' | null
  /**
   * Present (true) when the message adds to the record's lists rather than replacing them (意见加上…,
   * 形式加上进班级, 对象还有李老师): the kinds, targets and opinions in `changes` are to be appended.
   * Absent, every field in `changes` replaces the record's.
   */
  readonly adds?: true
  /** Present (true) when the kinds, targets or opinions in `changes` are to be taken out (形式去掉进宿舍). */
  readonly removes?: true
}

export interface PlainIntent {
  readonly intent: 'query_progress' | 'help' | 'confirm' | 'cancel' | 'back' | 'undo' | 'other'
}

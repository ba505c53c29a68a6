export { readAmounts, type Amounts } from './amounts.ts'
export { bare } from './commands.ts'
export { createUnderstanding } from './create-understanding.ts'
export { parse, type ParseContext } from './parse.ts'
export { categorizeOpinion, categorizePoints, readAddedOpinions, readContactFragment, readSubmission } from './read-fragment.ts'
export { opinionTickets, type OpinionTicket } from './opinion-tickets.ts'
export type {
  ContactChanges, ContactField, ContactReport, EditRequest, OpinionQuery, OpinionSubmission, ParseResult, PlainIntent,
} from './parse-result.ts'
export type { Understanding } from './understanding.ts'
export { loadVocabulary, VocabularyError, INTENTS, type Intent, type Vocabulary } from './vocabulary.ts'

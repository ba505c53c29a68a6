import { NeuralNetwork } from '@nlpjs/neural'
import type { Intent } from './vocabulary.ts'

export interface Example {
  readonly features: readonly string[]
  readonly intent: Intent
}

export interface Scored {
  readonly intent: Intent
  readonly score: number
}

/** nlp.js's neural classifier (one perceptron per intent) over our own character n-gram features. */
export interface IntentClassifier {
  classify(features: readonly string[]): Scored[]
}

export function trainIntentClassifier(examples: readonly Example[]): IntentClassifier {
  const network = new NeuralNetwork({ iterations: 2000, errorThresh: 0.0001 })
  network.train(examples.map((e) => ({ input: asInput(e.features), output: { [e.intent]: 1 } })))
  return {
    classify(features) {
      const outputs = network.run(asInput(features)) ?? {}
      return Object.entries(outputs)
        .map(([intent, score]) => ({ intent: intent as Intent, score }))
        .sort((a, b) => b.score - a.score)
    },
  }
}

function asInput(features: readonly string[]): Record<string, number> {
  const input: Record<string, number> = {}
  for (const f of features) input[f] = 1
  return input
}

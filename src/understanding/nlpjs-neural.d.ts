/** The part of @nlpjs/neural (a CommonJS package without types) that intent-classifier.ts uses. */
declare module '@nlpjs/neural' {
  export interface NeuralSettings {
    iterations?: number
    errorThresh?: number
    deltaErrorThresh?: number
    learningRate?: number
    momentum?: number
    alpha?: number
    log?: boolean
  }
  export interface TrainingExample {
    input: Record<string, number>
    output: Record<string, number>
  }
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings)
    train(corpus: TrainingExample[]): { iterations: number; error: number }
    run(input: Record<string, number>): Record<string, number> | undefined
  }
}

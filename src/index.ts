/**
 * Sesame's public surface: what `import … from 'sesame'` gives a suite, a script or a mocha test.
 * The chai plugin lives apart, in `sesame/chai`, so importing `sesame` never touches chai.
 * Everything here is re-exported by name, so two parts can never shadow each other silently.
 */

// Authoring suites: suite/describe/it and the capability checks a test returns.
export { suite, describe, it, type DescribeFn, type ItFn } from './runner/api.js';
export {
  invariantUnder,
  directionalUnder,
  expectLabels,
  attackSuccessBelow,
  probeRetention,
  attentionShift,
  attentionConfusion,
  type InvariantUnderOptions,
  type DirectionalCheckOptions,
  type MftCheckOptions,
  type AttackCeilingCheckOptions,
  type ProbeRetentionCheckOptions,
  type AttentionData,
} from './runner/index.js';
export type { Check, Outcome, TestContext, TestBody, SuiteOptions, BlockOptions, TestOptions, MetricSpec, ModelPair } from './runner/index.js';
// Per-case records a custom test can return (`cases`), so a baseline compares it case by case; deciding deltas as one Holm family.
export { buildCaseRecords, decideBaselineDeltas, type JudgedCase } from './runner/index.js';
export { defineConfig, type SesameConfig } from './config/index.js';
export { SesameError, UsageError } from './errors.js';

// Pure assertions ({pass, score, reason}) for tests that compute a result themselves.
export {
  assertInvariance,
  assertMft,
  assertDirectional,
  assertPassRate,
  assertAttackCeiling,
  assertProbeRetention,
  assertAttentionShift,
  assertAttentionConfusion,
  type AssertionOutcome,
  type PassRateOptions,
  type AttackCeilingOptions,
  type ProbeRetentionOptions,
  type AttentionShiftOptions,
  type AttentionConfusionOptions,
} from './assertions/index.js';

// Models.
export { loadModel, softmax } from './models/index.js';
export type { SesameModel, ModelInfo, LoadOptions, Precision, Encoding, AlignedWord, Prediction, Pooling, RunRequest, SentenceOutput, Tensor, WordSplit } from './models/index.js';

// Perturbations: one factory per family, each `(sentence, options) => fc.Arbitrary<PerturbationResult>`.
export {
  casing,
  charNoise,
  contractions,
  embeddingNeighbours,
  entitySwap,
  inflections,
  keyboardTypos,
  negation,
  ocrConfusions,
  punctuation,
  prepareSynonyms,
  synonyms,
  whitespace,
  notApplicable,
  type Perturbation,
  type PerturbationResult,
  type Perturbed,
  type NotApplicable,
  type AmountOptions,
  type CasingOptions,
  type CaseStyle,
  type CharNoiseOptions,
  type ContractionOptions,
  type EmbeddingNeighbourOptions,
  type EntitySwapOptions,
  type EntityKind,
  type InflectionOptions,
  type KeyboardTypoOptions,
  type NegationOptions,
  type SynonymOptions,
} from '../attacks/index.js';

// Attack recipes and the engine they run on.
export { textfooler, deepwordbug, pwws, getRecipe, recipeNames } from '../attacks/recipes/index.js';
export type { TextFoolerOptions } from '../attacks/recipes/textfooler.js';
export type { DeepWordBugOptions } from '../attacks/recipes/deepwordbug.js';
export * from './screen/index.js';
export { runAttack, type AttackExample, type AttackOptions, type AttackRun, type ExampleOutcome, type AttackContext, type Recipe, type Substitute } from './attack/index.js';

// CheckList properties over fast-check: MFT, INV, DIR.
export {
  minimumFunctionality,
  invariance,
  directional,
  perturbedCases,
  template,
  replay,
  wilsonInterval,
  type MinimumFunctionalityOptions,
  type InvarianceOptions,
  type DirectionalOptions,
  type PropertyOptions,
  type SentenceSource,
  type LabelledCase,
} from './properties/index.js';

// Grammar: weighted CFG sampling and annotation-preserving rewrites.
export {
  parseOpenSesameGrammar,
  readOpenSesameGrammar,
  grammarSentence,
  sentenceText,
  DEFAULT_LEXICON,
  lexiconFromGrammar,
  SentenceEditor,
  compoundSubject,
  numberFlip,
  objectRelativeClause,
  possessiveSubject,
  attractor,
  prepositionalPhrase,
  subjectRelativeClause,
  rewriteAsPerturbation,
  rewrittenCases,
  toPerturbationResult,
  type Grammar,
  type GrammarSymbol,
  type Rule,
  type AnnotatedSentence,
  type Derived,
  type GrammarSentenceOptions,
  type RewriteLexicon,
  type NumberFlipOptions,
  type PrepositionalPhraseOptions,
} from './grammar/index.js';
export type { Rewritten, RewriteNotApplicable, RewriteResult, RewriteOptions } from './grammar/index.js';

// Probing and attention comparison, pretrained vs fine-tuned.
export { runProbeTask, type ProbeRunOptions } from './probing/run-probe.js';
export { ProbeResultCache } from './probing/probe-cache.js';
export { resolveProbeTask, PROBE_TASKS, type ProbeTaskName, type ResolveTaskOptions } from './probing/resolve-task.js';
export { generateSelectionTask, generateAttentionItems, type GeneratedTask, type GenerateOptions } from './probing/datasets/generated.js';
export { loadOpenSesameTask, loadAgreementItems } from './probing/datasets/opensesame.js';
export { loadJsonlTask } from './probing/datasets/jsonl.js';
export type { TaskData, Example as ProbeExample, SelectionExample, LabellingExample } from './probing/task-types.js';
export { compareAttention, type CompareAttentionOptions } from './attention/compare-attention.js';
export { loadAttentionItems } from './attention/items.js';
export type { AttentionItem } from './attention/confusion.js';

// Reports: report.json (with its schema), report.html, report.md.
export { writeReports, serializeReport, renderHtml, renderMarkdown, validateReport, reportErrors, reportSchema, type WriteOptions, type HtmlOptions, type MarkdownOptions } from './report/index.js';
export * from './report/types.js';

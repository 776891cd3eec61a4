/**
 * A realistic `SesameReport` for developing and testing the renderers before (and apart from) the
 * runner: two models with 6 layers × 4 heads, CheckList-style robustness results with shrunk
 * counterexamples, TextAttack-style attack tables, Open Sesame probe curves, attention comparisons
 * with full-precision `[layer][head][from][to]` matrices, and baseline deltas. Deterministic per seed.
 */
import { REPORT_SCHEMA_VERSION, type AttentionSample, type Counterexample, type MetricDelta, type ModelRef, type ProbeResult, type RobustnessResult, type SesameReport, type TestResult, type AttackResult, type AdversarialExample, type WordEdit, type AttentionResult } from '../../src/report/types.js';
import { seededRandom } from '../../src/attack/random.js';

export interface FixtureOptions {
  seed?: number;
  layers?: number;
  heads?: number;
  /** Sentences with full attention matrices for the head view. */
  samples?: number;
  /** Put hostile strings (markup, quotes, RTL, emoji) into every user-visible text field. */
  hostile?: boolean;
  /** Head-view sentences all from the long Open Sesame-style set (≈ 15–22 tokens) instead of a mix. */
  longSentences?: boolean;
}

/** Strings that break pages and tables when they are not escaped. */
export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '</svg><img src=x onerror=alert(2)>',
  '"quoted" \'single\' `tick` a|b',
  'مرحبا بالعالم', // RTL
  '😀👍🏽',
  '</script><script>alert(3)</script>',
  '&amp; &lt;b&gt; ${x} {{y}}',
  '**bold** _it_ [link](http://example.com) <!-- c -->',
];

const SUBJECTS = ['the film', 'this book', 'the restaurant', 'my new phone', 'the sequel', 'her novel', 'the service', 'the soundtrack', 'this camera', 'the ending'];
const POSITIVE = ['wonderful', 'brilliant', 'delightful', 'excellent', 'charming', 'superb', 'moving'];
const NEGATIVE = ['dreadful', 'boring', 'awful', 'disappointing', 'tedious', 'clumsy', 'bland'];
const TAILS = ['from start to finish', 'and I would recommend it', 'despite the long wait', 'but the price was high', 'according to Maria', 'if you ask me', 'on every level'];
const NAMES = ['Maria', 'John', 'Aisha', 'Wei', 'Olga', 'Pedro'];
const AUX_SENTENCES = [
  'the horses by the hot bad cold fish could hit her little worms that her cat can clean',
  'our cat with my dogs would remember your hot worm above some worms',
  'some lions behind our new hot small tiger can hit our cold bee who our birds could remember',
  'my bee that would hit her good small young tiger could move',
  'the dog that can swim will eat the big red apple',
  'your birds who could eat can hurt your cold horse',
];

export function buildFixtureReport(options: FixtureOptions = {}): SesameReport {
  const { seed = 42, layers = 6, heads = 4, samples = 200, hostile = false, longSentences = false } = options;
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d || 0; // never -0: JSON cannot keep it
  let hostileIndex = 0;
  const spice = (text: string) => (hostile ? `${text} ${HOSTILE_STRINGS[hostileIndex++ % HOSTILE_STRINGS.length]}` : text);

  const pretrained: ModelRef = { id: 'fixtures/models/tiny-bert-base', contentHash: 'sha256:5f1c0a9e7d3b2c4e8a6f0d1b9c7e5a3f2d4b6c8e0a1f3d5b7c9e1a2b4c6d8e0f', precision: 'fp32', architecture: 'BertForMaskedLM', layers, heads, labels: null };
  const finetuned: ModelRef = { id: spice('fixtures/models/tiny-bert-sentiment'), contentHash: 'sha256:a3e9b1c7d5f2e8a4b6c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4', precision: 'fp32', architecture: 'BertForSequenceClassification', layers, heads, labels: ['NEGATIVE', 'POSITIVE'] };

  const review = () => `${pick(SUBJECTS)} was ${pick(rand() < 0.5 ? POSITIVE : NEGATIVE)} ${pick(TAILS)} .`;
  const prediction = (label: string, p: number) => ({ label, scores: label === 'POSITIVE' ? { NEGATIVE: round(1 - p), POSITIVE: round(p) } : { NEGATIVE: round(p), POSITIVE: round(1 - p) } });
  const flip = (label: string) => (label === 'POSITIVE' ? 'NEGATIVE' : 'POSITIVE');

  function perturb(sentence: string, kind: string): { perturbed: string; edits: WordEdit[] } {
    const words = sentence.split(' ');
    const edits: WordEdit[] = [];
    const at = 1 + Math.floor(rand() * (words.length - 2));
    const out = [...words];
    if (kind === 'typo') {
      const w = words[at];
      const i = Math.max(0, Math.floor(rand() * (w.length - 1)));
      out[at] = w.length > 1 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w + w;
      edits.push({ index: at, from: w, to: out[at] });
    } else if (kind === 'synonym') {
      const idx = words.findIndex((w) => POSITIVE.includes(w) || NEGATIVE.includes(w));
      const j = idx < 0 ? at : idx;
      const pool = POSITIVE.includes(words[j]) ? POSITIVE : NEGATIVE;
      out[j] = pool.find((w) => w !== words[j]) ?? words[j];
      edits.push({ index: j, from: words[j], to: out[j] });
    } else if (kind === 'name') {
      out.splice(words.length - 1, 0, 'says', pick(NAMES));
      edits.push({ index: words.length - 1, from: '', to: 'says' }, { index: words.length - 1, from: '', to: out[words.length] });
    } else if (kind === 'negation') {
      const j = words.indexOf('was');
      out[j] = 'was not';
      edits.push({ index: j, from: 'was', to: 'was not' });
    } else {
      out.splice(at, 1);
      edits.push({ index: at, from: words[at], to: '' });
    }
    return { perturbed: spice(out.join(' ')), edits };
  }

  function counterexample(kind: string, index: number): Counterexample {
    if (kind === 'template') {
      // An MFT case: one input the model labelled wrongly, no perturbation.
      const text = spice(`${pick(SUBJECTS)} was ${pick(POSITIVE)} .`);
      const wrong = prediction('NEGATIVE', 0.55 + rand() * 0.4);
      return { original: text, perturbed: text, edits: [], originalPrediction: wrong, perturbedPrediction: wrong, expected: 'POSITIVE', seed: 1000 + index * 17, path: `${index}:0:0` };
    }
    const original = review();
    const { perturbed, edits } = perturb(original, kind);
    const label = rand() < 0.5 ? 'POSITIVE' : 'NEGATIVE';
    return {
      original,
      perturbed,
      edits,
      originalPrediction: prediction(label, 0.7 + rand() * 0.29),
      perturbedPrediction: prediction(flip(label), 0.5 + rand() * 0.45),
      seed: 1000 + index * 17,
      path: `${index}:${Math.floor(rand() * 4)}:0`,
    };
  }

  const robustnessSpecs: Array<[string, RobustnessResult['type'], string, number]> = [
    ['typos do not change the sentiment', 'INV', 'typo', 0.12],
    ['synonyms of the sentiment word keep the label', 'INV', 'synonym', 0.04],
    ['a named source does not change the sentiment', 'INV', 'name', 0.0],
    ['negating the verb flips the sentiment', 'DIR', 'negation', 0.31],
    ['dropping a function word keeps the label', 'INV', 'drop-word', 0.07],
    ['clear positive reviews are POSITIVE', 'MFT', 'template', 0.02],
  ];
  const robustness: RobustnessResult[] = robustnessSpecs.map(([name, type, perturbation, rate], i) => {
    const runs = 200;
    const skipped = perturbation === 'negation' ? 14 : Math.floor(rand() * 6);
    const failures = Math.round(rate * (runs - skipped));
    const n = runs - skipped;
    const p = failures / n;
    const z = 1.96;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    return {
      name: spice(name),
      type,
      perturbation,
      model: finetuned.id,
      runs,
      failures,
      skipped,
      failureRate: round(p),
      ci95: [round(Math.max(0, centre - half)), round(Math.min(1, centre + half))],
      seed: 7 + i,
      counterexamples: Array.from({ length: Math.min(failures, 3) }, (_, k) => counterexample(perturbation, i * 10 + k)),
    };
  });

  const attackSpecs: Array<[string, number, number, number, number]> = [
    ['textfooler', 0.93, 0.21, 0.774, 58.4],
    ['pwws', 0.93, 0.34, 0.634, 121.7],
    ['deepwordbug', 0.93, 0.47, 0.495, 36.2],
  ];
  const attacks: AttackResult[] = attackSpecs.map(([recipe, acc, underAttack, success, queries], i) => ({
    recipe,
    model: finetuned.id,
    examples: 100,
    originalAccuracy: acc,
    accuracyUnderAttack: underAttack,
    successRate: success,
    avgPerturbedWordsPct: round(8 + rand() * 10, 2),
    avgQueries: queries,
    budget: 500,
    seed: 11 + i,
    successes: Array.from({ length: 4 }, (_, k): AdversarialExample => {
      const original = review();
      const { perturbed, edits } = perturb(original, k % 2 ? 'typo' : 'synonym');
      const originalLabel = rand() < 0.5 ? 'POSITIVE' : 'NEGATIVE';
      return { original, perturbed, edits, originalLabel, newLabel: flip(originalLabel), originalScore: round(0.8 + rand() * 0.19), newScore: round(0.05 + rand() * 0.4), queries: Math.floor(10 + rand() * 200) };
    }),
  }));

  const curve = (start: number, peak: number, peakLayer: number, drop: number) =>
    Array.from({ length: layers + 1 }, (_, l) => {
      const d = Math.abs(l - peakLayer) / layers;
      return round(Math.min(1, Math.max(0, peak - (peak - start) * d * 1.6 - (l > peakLayer ? drop * (l - peakLayer) : 0) + (rand() - 0.5) * 0.02)));
    });
  const probeSpecs: Array<[string, ProbeResult['probe'], number, number, boolean]> = [
    ['main auxiliary (data_aux)', 'linear', 0.55, 0.97, true],
    ['subject head noun (data_sbjn)', 'linear', 0.42, 0.91, true],
    ['n-th token (data_nth, n=3)', 'linear', 0.99, 0.99, false],
    ['subject–verb agreement (data_agr)', 'mlp', 0.6, 0.88, true],
  ];
  const probes: ProbeResult[] = probeSpecs.map(([task, probe, start, peak, gen], i) => {
    const pt = curve(start, peak, 3, 0.01);
    const ft = curve(start, peak - 0.02, 2, 0.06);
    const ptGen = curve(start * 0.7, peak * 0.72, 3, 0.02);
    const ftGen = curve(start * 0.7, peak * 0.6, 2, 0.05);
    const control = Array.from({ length: layers + 1 }, () => round(0.3 + rand() * 0.1));
    // The first task also carries the clustering view's 2-D projections: targets separate more in the middle layers.
    const projections: ProbeResult['projections'] =
      i === 0
        ? pt.flatMap((_, l) =>
            (['pretrained', 'finetuned'] as const).map((model) => {
              const spread = 1 - Math.abs(l - 3) / 4 - (model === 'finetuned' ? 0.15 : 0);
              const labels = Array.from({ length: 60 }, (_, k) => (k % 4 === 0 ? 'target' : 'other'));
              const points = labels.map((label): [number, number] => [round((label === 'target' ? spread * 3 : 0) + (rand() - 0.5) * 2, 3), round((rand() - 0.5) * 2, 3)]);
              return { layer: l, model, points, labels, silhouette: round(Math.max(-1, Math.min(1, spread * 0.6 - 0.1)), 3) };
            }),
          )
        : undefined;
    return {
      ...(projections ? { projections } : {}),
      task: spice(task),
      probe,
      layers: pt.map((_, l) => ({
        layer: l,
        pretrained: gen ? { test: pt[l], gen: ptGen[l], ...(i === 1 ? { genSets: { compound: round(ptGen[l] + 0.05), possessive: round(ptGen[l] - 0.05) } } : {}) } : { test: pt[l] },
        finetuned: gen ? { test: ft[l], gen: ftGen[l] } : { test: ft[l] },
        control: { pretrained: control[l], finetuned: round(control[l] + 0.02) },
      })),
      selectivity: { pretrained: pt.map((a, l) => round(a - control[l])), finetuned: ft.map((a, l) => round(a - control[l] - 0.02)) },
      seed: 21 + i,
      sizes: { train: 2000, dev: 500, test: 1000, ...(gen ? { gen: 1000 } : {}) },
    };
  });

  // Each head gets a habit (previous token, next token, [CLS], [SEP], self, broad) like real BERT heads.
  const habits = Array.from({ length: layers }, () => Array.from({ length: heads }, () => Math.floor(rand() * 6)));
  function attentionMatrix(n: number, habit: number, sharpness: number, noise: () => number): number[][] {
    return Array.from({ length: n }, (_, i) => {
      const logits = Array.from({ length: n }, (_, j) => {
        const target = [i - 1, i + 1, 0, n - 1, i, -1][habit];
        return (j === target ? sharpness : 0) + noise() * 1.5;
      });
      const max = Math.max(...logits);
      const exps = logits.map((x) => Math.exp(x - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      return exps.map((e) => e / sum);
    });
  }
  const wordpieces = (sentence: string) => ['[CLS]', ...sentence.split(' ').flatMap((w) => (w.length > 8 ? [w.slice(0, 5), '##' + w.slice(5)] : [w])), '[SEP]'];
  const attentionSamples: AttentionSample[] = Array.from({ length: samples }, (_, s) => {
    const base = longSentences || s % 3 === 0 ? pick(AUX_SENTENCES) : review();
    const text = s < HOSTILE_STRINGS.length && hostile ? `${base} ${HOSTILE_STRINGS[s]}` : base;
    const tokens = wordpieces(text).slice(0, 40);
    const n = tokens.length;
    const noise = () => rand() - 0.5;
    return {
      text,
      tokens,
      pretrained: habits.map((row) => row.map((habit) => attentionMatrix(n, habit, 4, noise))),
      finetuned: habits.map((row, l) => row.map((habit, h) => attentionMatrix(n, (l + h) % 5 === 4 && l > 2 ? 5 : habit, 4 - l * 0.4, noise))),
    };
  });
  const jsd = habits.map((row, l) => row.map(() => round(0.01 + (l / layers) ** 2 * 0.35 + rand() * 0.05)));
  const entropy = {
    pretrained: habits.map((row) => row.map((h) => round(h === 5 ? 3.1 + rand() * 0.3 : 0.9 + rand() * 0.8, 3))),
    finetuned: habits.map((row, l) => row.map((h) => round((h === 5 ? 3.1 : 0.9) + l * 0.25 + rand() * 0.6, 3))),
  };
  const confusionCurve = (start: number, slope: number) => Array.from({ length: layers }, (_, l) => round(Math.max(0.05, start - slope * l + (rand() - 0.5) * 0.05)));
  const attention: AttentionResult[] = [
    {
      name: spice('subject–verb agreement (data_agr)'),
      confusion: {
        pretrained: confusionCurve(0.95, 0.11),
        finetuned: confusionCurve(0.97, 0.07),
        conditions: {
          'agr.0 (no distractor)': { pretrained: confusionCurve(0.7, 0.1), finetuned: confusionCurve(0.72, 0.06) },
          'agr.7 (relative clause)': { pretrained: confusionCurve(1.1, 0.1), finetuned: confusionCurve(1.15, 0.05) },
        },
      },
      jsd,
      entropy,
      cka: Array.from({ length: layers + 1 }, (_, l) => round(1 - (l / layers) ** 1.7 * 0.55)),
      sentences: samples,
      skipped: { 'no-distractor': 12, truncated: 0 },
      samples: attentionSamples,
    },
  ];

  const tests: TestResult[] = [];
  const file = 'suites/sentiment.suite.ts';
  robustness.forEach((r, i) => {
    const failed = r.failureRate > 0.05;
    tests.push({
      id: `sentiment › robustness › ${r.name}`,
      titlePath: ['sentiment', 'robustness', r.name],
      file,
      status: failed ? 'failed' : 'passed',
      reason: failed
        ? `${r.failures} of ${r.runs - r.skipped} perturbed inputs changed the prediction (${(r.failureRate * 100).toFixed(1)}%), above the allowed 5%.`
        : `${r.failures} of ${r.runs - r.skipped} perturbed inputs changed the prediction, within the allowed 5%.`,
      score: round(1 - r.failureRate),
      durationMs: Math.round(800 + rand() * 3000),
      metrics: { failureRate: r.failureRate },
      kind: 'robustness',
      resultIndex: i,
      ...(failed ? { replay: { seed: r.seed, path: r.counterexamples[0]?.path, command: `npx sesame run ${file} --grep "${r.name}" --seed ${r.seed}` } } : {}),
    });
  });
  attacks.forEach((a, i) => {
    const failed = a.accuracyUnderAttack < 0.3;
    tests.push({
      id: `sentiment › attacks › ${a.recipe} keeps accuracy under attack above 30%`,
      titlePath: ['sentiment', 'attacks', `${a.recipe} keeps accuracy under attack above 30%`],
      file,
      status: failed ? 'failed' : 'passed',
      reason: `Accuracy fell from ${(a.originalAccuracy * 100).toFixed(0)}% to ${(a.accuracyUnderAttack * 100).toFixed(0)}% under ${a.recipe} with a budget of ${a.budget} queries.`,
      score: a.accuracyUnderAttack,
      durationMs: Math.round(20000 + rand() * 20000),
      metrics: { accuracyUnderAttack: a.accuracyUnderAttack, successRate: a.successRate, avgQueries: a.avgQueries },
      kind: 'attack',
      resultIndex: i,
      ...(failed ? { replay: { seed: a.seed, command: `npx sesame run ${file} --grep "${a.recipe}" --seed ${a.seed}` } } : {}),
    });
  });
  probes.forEach((p, i) => {
    const peakFt = Math.max(...p.layers.map((l) => l.finetuned.test));
    tests.push({
      id: `probing › ${p.task} stays decodable after fine-tuning`,
      titlePath: ['probing', `${p.task} stays decodable after fine-tuning`],
      file: 'suites/opensesame.suite.ts',
      status: i === 3 ? 'skipped' : 'passed',
      reason: i === 3 ? 'Skipped: ../shared/opensesame/data_agr is absent on this machine.' : `The best layer of the fine-tuned model reaches ${(peakFt * 100).toFixed(1)}% test accuracy.`,
      score: peakFt,
      durationMs: Math.round(5000 + rand() * 5000),
      metrics: { peakTestAccuracy: peakFt },
      kind: 'probe',
      resultIndex: i,
    });
  });
  tests.push({
    id: 'attention › upper layers keep attending to the subject',
    titlePath: ['attention', 'upper layers keep attending to the subject'],
    file: 'suites/opensesame.suite.ts',
    status: 'passed',
    reason: 'Mean confusion in layers 4–6 is 0.62 bits for the fine-tuned model, below the 1.0-bit limit.',
    score: 0.62,
    durationMs: 9421,
    metrics: { meanJsd: round(jsd.flat().reduce((a, b) => a + b, 0) / (layers * heads)), upperConfusion: 0.62 },
    kind: 'attention',
    resultIndex: 0,
  });

  const deltas: MetricDelta[] = tests.flatMap((t) =>
    Object.entries(t.metrics).map(([metric, current]) => {
      const better: MetricDelta['better'] = metric === 'failureRate' || metric === 'successRate' || metric === 'avgQueries' || metric === 'upperConfusion' || metric === 'meanJsd' ? 'lower' : 'higher';
      const baseline = round(Math.max(0, current + (rand() - 0.6) * 0.08));
      const delta = round(current - baseline);
      const tolerance = 0.02;
      const gain = better === 'higher' ? delta : -delta;
      return { test: t.id, metric, baseline, current, delta, tolerance, better, verdict: gain > tolerance ? 'improved' : gain < -tolerance ? 'regressed' : 'unchanged' } as MetricDelta;
    }),
  );
  const passed = tests.filter((t) => t.status === 'passed').length;
  const failed = tests.filter((t) => t.status === 'failed').length;

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    sesameVersion: '0.1.0',
    createdAt: '2026-11-26T11:45:00.000Z',
    models: { pretrained, finetuned },
    run: {
      command: spice('npx sesame run suites/sentiment.suite.ts suites/opensesame.suite.ts --seed 42 --baseline reports/baseline.json'),
      seed,
      files: ['suites/sentiment.suite.ts', 'suites/opensesame.suite.ts'],
      durationMs: 184_250,
      versions: { sesame: '0.1.0', node: 'v20.19.4', '@huggingface/transformers': '4.3.1', 'onnxruntime-node': '1.30.0', 'fast-check': '4.11.0' },
      timings: [
        { step: 'load models', ms: 2150 },
        { step: 'robustness', ms: 21380 },
        { step: 'attacks', ms: 96420 },
        { step: 'probing', ms: 38120 },
        { step: 'attention', ms: 24610 },
        { step: 'report', ms: 1570 },
      ],
    },
    summary: { passed, failed, skipped: tests.length - passed - failed, regressions: deltas.filter((d) => d.verdict === 'regressed').length },
    tests,
    robustness,
    attacks,
    probes,
    attention,
    baseline: { file: 'reports/baseline.json', deltas },
  };
}

#!/usr/bin/env python3
"""Independent BERTScore (Zhang et al. 2020) in numpy over PyTorch's own hidden states.

Reads reference-outputs/<model>.json (hidden states PyTorch returned for five check sentences), scores every ordered
pair of distinct sentences at every layer, with uniform and with idf weights (bert_score's log((M+1)/(df+1)) over the
five sentences), special tokens ([CLS], [SEP]: first and last) excluded, and writes a small JSON fixture that
test/screen/bertscore-crosscheck.test.ts compares with Sesame's BERTScore over its ONNX hidden states.

usage: python3 scripts/bertscore-crosscheck.py [reference.json] [out.json]
"""
import json
import math
import sys

import numpy as np

ref_path = sys.argv[1] if len(sys.argv) > 1 else 'fixtures/models/reference-outputs/tiny-distilbert-base.json'
out_path = sys.argv[2] if len(sys.argv) > 2 else 'fixtures/data/bertscore-crosscheck.json'
ref = json.load(open(ref_path))
texts = ref['texts']
singles = ref['single']
n_layers = len(singles[0]['hidden'])

# Content tokens: all but the first ([CLS]) and last ([SEP]).
ids = [s['ids'][1:-1] for s in singles]
df = {}
for sent in ids:
    for t in set(sent):
        df[t] = df.get(t, 0) + 1
M = len(texts)
idf = lambda t: math.log((M + 1) / (df.get(t, 0) + 1))


def vectors(i, layer):
    h = np.asarray(singles[i]['hidden'][layer], dtype=np.float64)[1:-1]
    return h / np.linalg.norm(h, axis=1, keepdims=True)


def score(i, j, layer, weighted):
    r, c = vectors(i, layer), vectors(j, layer)
    sim = r @ c.T
    wr = np.array([idf(t) if weighted else 1.0 for t in ids[i]])
    wc = np.array([idf(t) if weighted else 1.0 for t in ids[j]])
    recall = float((sim.max(axis=1) * wr).sum() / wr.sum())
    precision = float((sim.max(axis=0) * wc).sum() / wc.sum())
    return {'precision': precision, 'recall': recall, 'f1': 2 * precision * recall / (precision + recall)}


pairs = [[i, j] for i in range(M) for j in range(M) if i != j]
out = {
    'source': ref_path,
    'texts': texts,
    'ids': [s['ids'] for s in singles],
    'pairs': pairs,
    'layers': [{'layer': layer,
                'uniform': [score(i, j, layer, False) for i, j in pairs],
                'idf': [score(i, j, layer, True) for i, j in pairs]} for layer in range(n_layers)],
}
with open(out_path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
f1 = [s['f1'] for l in out['layers'] for s in l['uniform']]
print(f'{len(pairs)} pairs x {n_layers} layers -> {out_path}; F1 range {min(f1):.4f}..{max(f1):.4f}')

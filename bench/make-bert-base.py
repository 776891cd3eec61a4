"""Builds a BERT sequence classifier of bert-base shape with seeded random weights and exports it to ONNX the way the
fixtures are exported (TorchScript exporter, inputs input_ids / attention_mask / token_type_ids, output logits, eager
attention with an explicit Softmax). Run with Debian's python3 (python3-torch, python3-onnx); never at Sesame's run time.

    /usr/bin/python3 bench/make-bert-base.py OUT_DIR --vocab 8000 --seed 0

The module mirrors transformers' BertForSequenceClassification (eager attention, erf GELU, post-LayerNorm, tanh
pooler) so its graph has the structure Sesame analyses; the weights are random, so it measures speed and memory,
not accuracy.
"""
import argparse
import math
import os

import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden, heads, inner, eps):
        super().__init__()
        self.heads, self.size = heads, hidden // heads
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.attn_out, self.attn_norm = nn.Linear(hidden, hidden), nn.LayerNorm(hidden, eps=eps)
        self.inner, self.out, self.out_norm = nn.Linear(hidden, inner), nn.Linear(inner, hidden), nn.LayerNorm(hidden, eps=eps)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.size).permute(0, 2, 1, 3)

    def forward(self, x, mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.size) + mask
        probs = torch.softmax(scores, dim=-1)
        context = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        context = context.view(context.shape[0], context.shape[1], -1)
        x = self.attn_norm(self.attn_out(context) + x)
        return self.out_norm(self.out(nn.functional.gelu(self.inner(x))) + x)


class Bert(nn.Module):
    def __init__(self, vocab, hidden=768, layers=12, heads=12, inner=3072, positions=512, labels=2, eps=1e-12):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(vocab, hidden), nn.Embedding(positions, hidden), nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(Layer(hidden, heads, inner, eps) for _ in range(layers))
        self.pooler, self.classifier = nn.Linear(hidden, hidden), nn.Linear(hidden, labels)

    def forward(self, input_ids, attention_mask, token_type_ids):
        seq = input_ids.shape[1]
        position_ids = torch.arange(seq, dtype=torch.long).unsqueeze(0)
        x = self.norm(self.words(input_ids) + self.positions(position_ids) + self.types(token_type_ids))
        mask = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, mask)
        return self.classifier(torch.tanh(self.pooler(x[:, 0])))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('--vocab', type=int, default=30522)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = Bert(args.vocab).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if 'norm' in name:
                (p.fill_(1.0) if name.endswith('weight') else p.zero_())
            elif name.endswith('bias'):
                p.zero_()
            else:
                p.normal_(0.0, 0.02)  # transformers' initializer_range
    os.makedirs(os.path.join(args.out, 'onnx'), exist_ok=True)
    ids = torch.randint(5, args.vocab, (2, 9))
    inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    names = ['input_ids', 'attention_mask', 'token_type_ids']
    target = os.path.join(args.out, 'onnx', 'model.onnx')
    torch.onnx.export(model, inputs, target + '.partial', input_names=names, output_names=['logits'], opset_version=14,
                      dynamic_axes={**{n: {0: 'batch', 1: 'sequence'} for n in names}, 'logits': {0: 'batch'}})
    os.replace(target + '.partial', target)
    print(sum(p.numel() for p in model.parameters()))


if __name__ == '__main__':
    main()

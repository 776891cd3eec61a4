"""Cross-checks Sesame's linear probe with an independent fit of the SAME objective, on the same exported features.

Same objective (checked): numpy/scipy code written apart from Sesame's -- mean cross-entropy + lam/2 * ||W||^2 on
features standardised with the training mean and population standard deviation, biases unpenalised, lam = the value
Sesame's dev split chose. Token selection: one softmax over each sentence's words (the paper's objective). Token
labelling: a softmax over classes per word. Minimised by scipy's L-BFGS-B to gtol 1e-9. Test and generalization
accuracy must agree within 2 points everywhere; exit 1 otherwise.

Different objective (shown, not checked): scikit-learn's per-word binary logistic regression (C = 1) whose decision
function is arg-maxed within each sentence (selection), or its multinomial regression (labelling).
"""
import json
import os
import sys

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

out = sys.argv[1]
meta = json.load(open(os.path.join(out, "cases.json")))


def load(split, dim):
    name = split["file"]
    x = np.fromfile(os.path.join(out, name + ".x.f32"), dtype=np.float32).reshape(-1, dim).astype(np.float64)
    offsets = np.fromfile(os.path.join(out, name + ".offsets.i32"), dtype=np.int32)
    gold = np.fromfile(os.path.join(out, name + ".gold.i32"), dtype=np.int32)
    return x, offsets, gold


def standardiser(x):
    mean = x.mean(0)
    std = x.std(0)
    scale = np.where(std > 1e-6, 1.0 / np.where(std > 0, std, 1), 0.0)
    return lambda z: (z - mean) * scale


def fit_selection(z, offsets, gold, lam):
    """Per-sentence softmax over the words' scores w . z (a bias cancels inside each sentence)."""
    n = len(offsets) - 1
    sentence = np.repeat(np.arange(n), np.diff(offsets))
    target = offsets[:-1] + gold

    def f(w):
        s = z @ w
        m = np.full(n, -np.inf)
        np.maximum.at(m, sentence, s)
        e = np.exp(s - m[sentence])
        tot = np.zeros(n)
        np.add.at(tot, sentence, e)
        loss = np.sum(m + np.log(tot) - s[target]) / n
        p = e / tot[sentence]
        p[target] -= 1
        return loss + 0.5 * lam * w @ w, z.T @ p / n + lam * w

    r = minimize(f, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B", options=dict(gtol=1e-9, ftol=1e-14, maxiter=5000))
    return r.x, r.fun


def predict_selection(w, z, offsets):
    s = z @ w
    return np.array([np.argmax(s[offsets[g]:offsets[g + 1]]) for g in range(len(offsets) - 1)])


def fit_labelling(z, gold, classes, lam):
    keep = gold >= 0
    zk, yk = z[keep], gold[keep]
    n, d = zk.shape
    onehot = np.eye(classes)[yk]

    def f(v):
        W = v[: classes * d].reshape(classes, d)
        b = v[classes * d:]
        s = zk @ W.T + b
        m = s.max(1, keepdims=True)
        e = np.exp(s - m)
        tot = e.sum(1, keepdims=True)
        loss = np.sum(m[:, 0] + np.log(tot[:, 0]) - s[np.arange(n), yk]) / n
        p = (e / tot - onehot) / n
        return loss + 0.5 * lam * np.sum(W * W), np.concatenate([(p.T @ zk + lam * W).ravel(), p.sum(0)])

    r = minimize(f, np.zeros(classes * d + classes), jac=True, method="L-BFGS-B", options=dict(gtol=1e-9, ftol=1e-14, maxiter=5000))
    return r.x, r.fun


worst = 0.0
worst_objective = 0.0
fitted = {}
print("Same objective: numpy/scipy per-sentence softmax (selection) or per-word multinomial (labelling), same lambda.")
print("Last column: scikit-learn per-word binary logistic regression, C = 1 -- a DIFFERENT objective, shown, not checked.\n")
print(f"{'case':<30}{'split':<14}{'lambda':>8}{'obj sesame':>13}{'obj scipy':>13}{'acc sesame':>12}{'acc scipy':>11}{'diff':>7}{'binary LR':>11}")
for case in meta["cases"]:
    dim, shape, lam = case["dim"], case["shape"], case["l2"]
    key = case["train"]["file"]
    if key not in fitted:
        xtr, otr, gtr = load(case["train"], dim)
        std = standardiser(xtr)
        ztr = std(xtr)
        if shape == "selection":
            w, obj = fit_selection(ztr, otr, gtr, lam)
            y = np.zeros(len(ztr), dtype=np.int32)
            y[otr[:-1] + gtr] = 1
            lr = LogisticRegression(max_iter=3000, C=1.0).fit(ztr, y)
        else:
            w, obj = fit_labelling(ztr, gtr, case["numClasses"], lam)
            lr = LogisticRegression(max_iter=3000, C=1.0).fit(ztr[gtr >= 0], gtr[gtr >= 0])
        fitted[key] = (std, w, obj, lr)
    std, w, obj, lr = fitted[key]
    x, offsets, gold = load(case["test"], dim)
    z = std(x)
    if shape == "selection":
        acc = float(np.mean(predict_selection(w, z, offsets) == gold))
        binary = lr.decision_function(z)
        other = float(np.mean([np.argmax(binary[offsets[g]:offsets[g + 1]]) == gold[g] for g in range(len(offsets) - 1)]))
    else:
        c = case["numClasses"]
        W, b = w[: c * dim].reshape(c, dim), w[c * dim:]
        mask = gold >= 0
        acc = float(np.mean(np.argmax(z[mask] @ W.T + b, 1) == gold[mask]))
        other = float(np.mean(lr.predict(z[mask]) == gold[mask]))
    diff = 100 * (case["sesameAccuracy"] - acc)
    worst = max(worst, abs(diff))
    worst_objective = max(worst_objective, abs(case["objective"] - obj) / abs(obj))
    print(f"{case['name']:<30}{case['split']:<14}{lam:>8.0e}{case['objective']:>13.6g}{obj:>13.6g}{100 * case['sesameAccuracy']:>12.2f}{100 * acc:>11.2f}{diff:>+7.2f}{100 * other:>11.2f}")
print(f"\nlargest accuracy difference, same objective: {worst:.2f} points over {len(meta['cases'])} test and generalization splits (tolerance 2)")
print(f"largest relative objective difference (Sesame vs scipy): {worst_objective:.1e}; Sesame's stop certifies at most 1e-4 above the optimum")
sys.exit(0 if worst <= 2.0 else 1)

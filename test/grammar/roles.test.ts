import { expect } from 'chai';
import fc from 'fast-check';
import { SesameError } from '../../src/errors.js';
import { grammarSentence, parseOpenSesameGrammar, type DerivationNode } from '../../src/grammar/index.js';

/**
 * Roles on right-side symbols (`NP@SUBJ`): nested, several on one symbol, on a word, on a recursive nonterminal,
 * and the same nonterminal (NP) used with and without a role.
 */
const ROLES_GRAMMAR = `
1 ROOT  S .
1 S     NP@SUBJ can/Aux@AAux VP
1 VP    VI
1 VP    VT NP@OBJ
1 NP    Det Nom
1 NP    Det Nom Prep NP
1 Nom   N@HEAD@NOUN
1 Nom   Adj Nom
1 Det   the/Det
1 Det   a/Det
1 N     fox/N
1 N     hen/N
1 Adj   red/JJ
1 Prep  near/Prep
1 VI    run/VI
1 VT    see/VT
`;
const grammar = parseOpenSesameGrammar(ROLES_GRAMMAR, 'roles');

type Nonterminal = Extract<DerivationNode, { kind: 'nonterminal' }>;

/** Word indices each role covers, computed from the derivation tree itself (independently of toAnnotatedSentence). */
function rolesFromTree(root: DerivationNode): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  let next = 0;
  const visit = (node: DerivationNode, roles: string[]) => {
    if (node.kind === 'marker') return;
    if (node.kind === 'word') {
      for (const r of new Set(roles)) (out[r] ??= []).push(next);
      next++;
      return;
    }
    node.children.forEach((child, i) => {
      const symbol = (node as Nonterminal).rule.rhs[i];
      visit(child, symbol.kind === 'marker' ? roles : [...roles, ...(symbol.roles ?? [])]);
    });
  };
  visit(root, []);
  return out;
}

describe('grammar: roles on right-side symbols (Sym@ROLE)', () => {
  it('reads roles on nonterminals and words, several per symbol, and leaves symbols without roles as they were', () => {
    const [s] = grammar.rules.get('S')!;
    expect(s.rhs).to.deep.equal([
      { kind: 'nonterminal', name: 'NP', roles: ['SUBJ'] },
      { kind: 'word', word: 'can', tag: 'Aux', roles: ['AAux'] },
      { kind: 'nonterminal', name: 'VP' },
    ]);
    expect(grammar.rules.get('Nom')![0].rhs).to.deep.equal([{ kind: 'nonterminal', name: 'N', roles: ['HEAD', 'NOUN'] }]);
  });

  it('marks exactly the words each annotated symbol yields', () => {
    let withObject = 0;
    for (const s of fc.sample(grammarSentence(grammar), { seed: 21, numRuns: 300 })) {
      const aux = s.words.indexOf('can');
      // The subject is everything before the auxiliary; the object everything between the verb and the full stop.
      expect(s.markers.SUBJ).to.deep.equal(Array.from({ length: aux }, (_, i) => i));
      expect(s.markers.AAux).to.deep.equal([aux]);
      expect(s.roles.mainAux).to.equal(aux);
      if (s.words[aux + 1] === 'see') {
        withObject++;
        expect(s.markers.OBJ).to.deep.equal(Array.from({ length: s.words.length - aux - 3 }, (_, i) => aux + 2 + i));
      } else {
        expect(s.markers.OBJ).to.equal(undefined);
      }
      // Every noun is a HEAD and a NOUN, and nothing else is.
      const nouns = s.tags.flatMap((t, i) => (t === 'N' ? [i] : []));
      expect(s.markers.HEAD).to.deep.equal(nouns);
      expect(s.markers.NOUN).to.deep.equal(nouns);
      const fromTree = rolesFromTree(s.derivation);
      for (const role of ['SUBJ', 'OBJ', 'HEAD', 'AAux']) expect(s.markers[role], role).to.deep.equal(fromTree[role]);
    }
    expect(withObject).to.be.within(100, 200);
  });

  it('keeps roles right on shrunk counterexamples', () => {
    const long = fc.property(grammarSentence(grammar), (s) => s.markers.SUBJ.length < 6);
    const result = fc.check(long, { seed: 3 });
    expect(result.failed).to.equal(true);
    const [s] = result.counterexample!;
    expect(s.markers.SUBJ).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(s.words.slice(0, 6).filter((w) => w === 'near')).to.have.length(1);
  });

  it('samples a given start symbol with its roles', () => {
    for (const s of fc.sample(grammarSentence(grammar, { start: 'VP' }), { seed: 4, numRuns: 50 })) {
      expect(s.words[0]).to.match(/^(run|see)$/);
      if (s.words[0] === 'see') expect(s.markers.OBJ).to.deep.equal(s.words.slice(1).map((_, i) => i + 1));
    }
  });

  it('refuses an empty role, a role on a marker and a role on a symbol without rules, naming the line', () => {
    expect(() => parseOpenSesameGrammar('1 S NP@ VI\n1 NP the/Det\n1 VI run/VI', 'r.gr')).to.throw(SesameError, 'r.gr:1: "NP@" has an empty role');
    expect(() => parseOpenSesameGrammar('1 S NP /AGR@X VI\n1 NP the/Det\n1 VI run/VI', 'r.gr')).to.throw(SesameError, 'r.gr:1: "/AGR@X" puts a role on a marker');
    expect(() => parseOpenSesameGrammar('1 S NP Vp@V\n1 NP the/Det', 'r.gr')).to.throw(SesameError, '"Vp@V" puts a role on a marker or on a symbol without rules');
  });
});

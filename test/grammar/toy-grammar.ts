import path from 'node:path';
import { parseOpenSesameGrammar, type Grammar } from '../../src/grammar/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** Open Sesame's grammars, present only where ../shared exists (tests skip with a reason otherwise). */
export const grammarsDir = path.resolve(repoRoot, '..', 'shared', 'opensesame', 'grammars');

/** A small grammar in the Open Sesame format, written for these tests: markers, tagged words, recursion, weights. */
export const TOY_GRAMMAR = `
1 ROOT   S .
1 S      NP_AGR Aux /AAux VI
1 S      NP_AGR Aux /AAux VT NP
3 NP_AGR Det N /AGR
1 NP_AGR Det Adj N /AGR
1 NP     Det Nom
1 Nom    N
1 Nom    Adj Nom
1 Det    the/Det
1 Det    a/Det
1 N      fox/N
1 N      hens/N
1 Adj    red/JJ
1 Adj    quick/JJ
1 Aux    can/Aux
1 Aux    will/Aux
1 VI     run/VI
1 VT     see/VT
`;

export const toy: Grammar = parseOpenSesameGrammar(TOY_GRAMMAR, 'toy');

import { parseOpenSesameGrammar } from '../../grammar/read-opensesame.js';
import type { Grammar } from '../../grammar/types.js';

/**
 * Sesame's own weighted grammar for the probing and attention diagnostics, in the Open Sesame rule format with the
 * project grammar's role extension (src/grammar/read-opensesame.ts): `Sym@ROLE` annotates every word Sym yields.
 * Roles mark what the tasks need, under the names Open Sesame's grammars give their markers where one exists:
 * AAux the main auxiliary, AGR the subject's head noun, and for attention SRC the word whose attention is scored,
 * SUBJ / DIST the correct and the distracting phrase. Tags are Open Sesame's (Det, N_sg, MAux, VI, Prep, Rel, …),
 * so the grammar's lexicon and the rewrite rules read these sentences like Open Sesame's.
 *
 * Start symbols:
 *  - AUX_TRAIN: the first auxiliary is the main one (relative clauses only on the object);
 *    AUX_GEN: a relative clause with its own auxiliary on the subject, so the first auxiliary is NOT the main one.
 *  - SBJ_TRAIN: simple, prepositional and relative-clause subjects; SBJ_COMPOUND: a noun-noun compound subject
 *    (the head is the second noun); SBJ_POSSESSIVE: a possessor (`'s/Poss`, joined to its noun by the task
 *    builders) before the head noun.
 *  - AGR_* (subject–verb agreement) and REFL_* (reflexive antecedents): a subject and one distractor noun phrase.
 * DP is a determiner with no adjective (3 in 4) or one or more (each further one 1 in 4); the possessive's head
 * noun takes adjectives the same way (3 : 1) in the half of its sentences without a compound modifier.
 */
export const SESAME_GRAMMAR = `
1 AUX_TRAIN        NP_PLAIN MAux@AAux VP
1 AUX_TRAIN        NP_PP MAux@AAux VP
1 AUX_GEN          NP_RC MAux@AAux VP

1 SBJ_TRAIN        DP N@AGR MAux VP
1 SBJ_TRAIN        DP N@AGR PP MAux VP
1 SBJ_TRAIN        DP N@AGR RC MAux VP
1 SBJ_COMPOUND     DP Mod N@AGR MAux VP
1 SBJ_COMPOUND     DP Mod N@AGR RC MAux VP
3 SBJ_POSSESSIVE   DP N_SG 's/Poss N@AGR MAux VP
1 SBJ_POSSESSIVE   DP N_SG 's/Poss Adjs N@AGR MAux VP
4 SBJ_POSSESSIVE   DP N_SG 's/Poss Mod N@AGR RC MAux VP

1 NP_PLAIN         DP N
1 NP_PP            DP N PP
1 NP_RC            DP N RC
1 PP               Prep DP N
1 RC               Rel Aux VI
1 RC               Rel DP N Aux VT
1 RC               Rel Aux VT DP N

2 VP               VI
2 VP               VT NP_OBJ
1 NP_OBJ           DP N
1 NP_OBJ           DP N PP
1 NP_OBJ           DP N RC

3 DP               Det
1 DP               Det Adjs
3 Adjs             Adj
1 Adjs             Adj Adjs

1 N                N_SG
1 N                N_PL

1 AGR_PP_SG_SG     NP_SG@SUBJ Prep NP_SG@DIST AuxSg@SRC VI
1 AGR_PP_SG_PL     NP_SG@SUBJ Prep NP_PL@DIST AuxSg@SRC VI
1 AGR_PP_PL_SG     NP_PL@SUBJ Prep NP_SG@DIST AuxPl@SRC VI
1 AGR_PP_PL_PL     NP_PL@SUBJ Prep NP_PL@DIST AuxPl@SRC VI
1 AGR_RC_SG_SG     NP_SG@SUBJ Rel NP_SG@DIST AuxSg VT AuxSg@SRC VI
1 AGR_RC_SG_PL     NP_SG@SUBJ Rel NP_PL@DIST AuxPl VT AuxSg@SRC VI
1 AGR_RC_PL_SG     NP_PL@SUBJ Rel NP_SG@DIST AuxSg VT AuxPl@SRC VI
1 AGR_RC_PL_PL     NP_PL@SUBJ Rel NP_PL@DIST AuxPl VT AuxPl@SRC VI

1 REFL_PP_MATCH    NP_M@SUBJ Prep NP_M@DIST Aux VT himself/Refl@SRC
1 REFL_PP_MATCH    NP_F@SUBJ Prep NP_F@DIST Aux VT herself/Refl@SRC
1 REFL_PP_MISMATCH NP_M@SUBJ Prep NP_F@DIST Aux VT himself/Refl@SRC
1 REFL_PP_MISMATCH NP_F@SUBJ Prep NP_M@DIST Aux VT herself/Refl@SRC
1 REFL_RC_MATCH    NP_M@SUBJ Rel NP_M@DIST Aux VT Aux VT himself/Refl@SRC
1 REFL_RC_MATCH    NP_F@SUBJ Rel NP_F@DIST Aux VT Aux VT herself/Refl@SRC
1 REFL_RC_MISMATCH NP_M@SUBJ Rel NP_F@DIST Aux VT Aux VT himself/Refl@SRC
1 REFL_RC_MISMATCH NP_F@SUBJ Rel NP_M@DIST Aux VT Aux VT herself/Refl@SRC

1 NP_SG            Det N_SG
1 NP_PL            Det N_PL
1 NP_M             Det N_M
1 NP_F             Det N_F

1 Det the/Det
1 Det my/Det
1 Det your/Det
1 Det our/Det
1 Det their/Det
1 Det some/Det
1 Det his/Det

1 N_SG dog/N_sg
1 N_SG cat/N_sg
1 N_SG horse/N_sg
1 N_SG bird/N_sg
1 N_SG fox/N_sg
1 N_SG rabbit/N_sg
1 N_SG teacher/N_sg
1 N_SG farmer/N_sg
1 N_SG doctor/N_sg
1 N_SG student/N_sg
1 N_SG baker/N_sg
1 N_SG sailor/N_sg
1 N_PL dogs/N_pl
1 N_PL cats/N_pl
1 N_PL horses/N_pl
1 N_PL birds/N_pl
1 N_PL foxes/N_pl
1 N_PL rabbits/N_pl
1 N_PL teachers/N_pl
1 N_PL farmers/N_pl
1 N_PL doctors/N_pl
1 N_PL students/N_pl
1 N_PL bakers/N_pl
1 N_PL sailors/N_pl

1 N_M king/N_M
1 N_M man/N_M
1 N_M boy/N_M
1 N_M father/N_M
1 N_M brother/N_M
1 N_M uncle/N_M
1 N_M prince/N_M
1 N_M husband/N_M
1 N_F queen/N_F
1 N_F woman/N_F
1 N_F girl/N_F
1 N_F mother/N_F
1 N_F sister/N_F
1 N_F aunt/N_F
1 N_F princess/N_F
1 N_F wife/N_F

1 Mod farm/MN
1 Mod house/MN
1 Mod school/MN
1 Mod city/MN
1 Mod river/MN
1 Mod forest/MN

1 Adj small/JJ
1 Adj old/JJ
1 Adj young/JJ
1 Adj big/JJ
1 Adj quiet/JJ
1 Adj happy/JJ
1 Adj tired/JJ
1 Adj clever/JJ
1 Adj brave/JJ
1 Adj kind/JJ

1 MAux can/MAux
1 MAux will/MAux
1 MAux would/MAux
1 MAux could/MAux
1 MAux should/MAux
1 MAux might/MAux
1 MAux must/MAux
1 Aux can/Aux
1 Aux will/Aux
1 Aux would/Aux
1 Aux could/Aux
1 Aux should/Aux
1 Aux might/Aux
1 Aux must/Aux
1 AuxSg does/AuxSg
1 AuxPl do/AuxPl

1 VI sleep/VI
1 VI smile/VI
1 VI wait/VI
1 VI run/VI
1 VI laugh/VI
1 VI sing/VI
1 VI swim/VI
1 VI cry/VI
1 VT see/VT
1 VT help/VT
1 VT follow/VT
1 VT visit/VT
1 VT call/VT
1 VT find/VT
1 VT watch/VT
1 VT like/VT

1 Prep near/Prep
1 Prep behind/Prep
1 Prep with/Prep
1 Prep beside/Prep
1 Prep above/Prep
1 Prep below/Prep

1 Rel who/Rel
1 Rel that/Rel
`;

let parsed: Grammar | undefined;

/** SESAME_GRAMMAR, parsed once by the project's grammar reader. */
export function sesameGrammar(): Grammar {
  parsed ??= parseOpenSesameGrammar(SESAME_GRAMMAR, 'sesame-grammar');
  return parsed;
}

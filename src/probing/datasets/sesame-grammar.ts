/**
 * Sesame's own weighted grammar for the probing and attention diagnostics, in the Open Sesame rule format (see
 * pcfg.ts). Roles mark what the tasks need: AUX the main auxiliary, HEAD the subject's head noun, SRC the word whose
 * attention is scored, SUBJ / DIST the correct and distracting phrases.
 *
 * Start symbols:
 *  - AUX_TRAIN: the first auxiliary is the main one (relative clauses only on the object);
 *    AUX_GEN: a relative clause with its own auxiliary on the subject, so the first auxiliary is NOT the main one.
 *  - SBJ_TRAIN: simple, prepositional and relative-clause subjects; SBJ_COMPOUND: a noun-noun compound subject
 *    (the head is the second noun); SBJ_POSSESSIVE: a possessor before the head noun.
 *  - AGR_* (subject–verb agreement) and REFL_* (reflexive antecedents): a subject and one distractor noun phrase.
 */
export const SESAME_GRAMMAR = `
1 AUX_TRAIN        NP_PLAIN MAux@AUX VP
1 AUX_TRAIN        NP_PP MAux@AUX VP
1 AUX_GEN          NP_RC MAux@AUX VP

1 SBJ_TRAIN        Det Adjs N@HEAD MAux VP
1 SBJ_TRAIN        Det Adjs N@HEAD PP MAux VP
1 SBJ_TRAIN        Det Adjs N@HEAD RC MAux VP
1 SBJ_COMPOUND     Det Adjs Mod N@HEAD MAux VP
1 SBJ_COMPOUND     Det Adjs Mod N@HEAD RC MAux VP
1 SBJ_POSSESSIVE   Det Adjs N_SG 's/POS Adjs N@HEAD MAux VP
1 SBJ_POSSESSIVE   Det Adjs N_SG 's/POS Mod N@HEAD RC MAux VP

1 NP_PLAIN         Det Adjs N
1 NP_PP            Det Adjs N PP
1 NP_RC            Det Adjs N RC
1 PP               Prep Det Adjs N
1 RC               Rel Aux VI
1 RC               Rel Det Adjs N Aux VT
1 RC               Rel Aux VT Det Adjs N

2 VP               VI
2 VP               VT NP_OBJ
1 NP_OBJ           Det Adjs N
1 NP_OBJ           Det Adjs N PP
1 NP_OBJ           Det Adjs N RC

3 Adjs
1 Adjs             Adj Adjs

1 N                N_SG
1 N                N_PL

1 AGR_PP_SG_SG     Det@SUBJ N_SG@SUBJ Prep Det@DIST N_SG@DIST AuxSg@SRC VI
1 AGR_PP_SG_PL     Det@SUBJ N_SG@SUBJ Prep Det@DIST N_PL@DIST AuxSg@SRC VI
1 AGR_PP_PL_SG     Det@SUBJ N_PL@SUBJ Prep Det@DIST N_SG@DIST AuxPl@SRC VI
1 AGR_PP_PL_PL     Det@SUBJ N_PL@SUBJ Prep Det@DIST N_PL@DIST AuxPl@SRC VI
1 AGR_RC_SG_SG     Det@SUBJ N_SG@SUBJ Rel Det@DIST N_SG@DIST AuxSg VT AuxSg@SRC VI
1 AGR_RC_SG_PL     Det@SUBJ N_SG@SUBJ Rel Det@DIST N_PL@DIST AuxPl VT AuxSg@SRC VI
1 AGR_RC_PL_SG     Det@SUBJ N_PL@SUBJ Rel Det@DIST N_SG@DIST AuxSg VT AuxPl@SRC VI
1 AGR_RC_PL_PL     Det@SUBJ N_PL@SUBJ Rel Det@DIST N_PL@DIST AuxPl VT AuxPl@SRC VI

1 REFL_PP_MATCH    Det@SUBJ N_M@SUBJ Prep Det@DIST N_M@DIST Aux VT himself/Refl@SRC
1 REFL_PP_MATCH    Det@SUBJ N_F@SUBJ Prep Det@DIST N_F@DIST Aux VT herself/Refl@SRC
1 REFL_PP_MISMATCH Det@SUBJ N_M@SUBJ Prep Det@DIST N_F@DIST Aux VT himself/Refl@SRC
1 REFL_PP_MISMATCH Det@SUBJ N_F@SUBJ Prep Det@DIST N_M@DIST Aux VT herself/Refl@SRC
1 REFL_RC_MATCH    Det@SUBJ N_M@SUBJ Rel Det@DIST N_M@DIST Aux VT Aux VT himself/Refl@SRC
1 REFL_RC_MATCH    Det@SUBJ N_F@SUBJ Rel Det@DIST N_F@DIST Aux VT Aux VT herself/Refl@SRC
1 REFL_RC_MISMATCH Det@SUBJ N_M@SUBJ Rel Det@DIST N_F@DIST Aux VT Aux VT himself/Refl@SRC
1 REFL_RC_MISMATCH Det@SUBJ N_F@SUBJ Rel Det@DIST N_M@DIST Aux VT Aux VT herself/Refl@SRC

1 Det the/Det
1 Det my/Det
1 Det your/Det
1 Det our/Det
1 Det their/Det
1 Det some/Det
1 Det his/Det

1 N_SG dog/N
1 N_SG cat/N
1 N_SG horse/N
1 N_SG bird/N
1 N_SG fox/N
1 N_SG rabbit/N
1 N_SG teacher/N
1 N_SG farmer/N
1 N_SG doctor/N
1 N_SG student/N
1 N_SG baker/N
1 N_SG sailor/N
1 N_PL dogs/N
1 N_PL cats/N
1 N_PL horses/N
1 N_PL birds/N
1 N_PL foxes/N
1 N_PL rabbits/N
1 N_PL teachers/N
1 N_PL farmers/N
1 N_PL doctors/N
1 N_PL students/N
1 N_PL bakers/N
1 N_PL sailors/N

1 N_M king/N
1 N_M man/N
1 N_M boy/N
1 N_M father/N
1 N_M brother/N
1 N_M uncle/N
1 N_M prince/N
1 N_M husband/N
1 N_F queen/N
1 N_F woman/N
1 N_F girl/N
1 N_F mother/N
1 N_F sister/N
1 N_F aunt/N
1 N_F princess/N
1 N_F wife/N

1 Mod farm/N
1 Mod house/N
1 Mod school/N
1 Mod city/N
1 Mod river/N
1 Mod forest/N

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

1 MAux can/MD
1 MAux will/MD
1 MAux would/MD
1 MAux could/MD
1 MAux should/MD
1 MAux might/MD
1 MAux must/MD
1 Aux can/MD
1 Aux will/MD
1 Aux would/MD
1 Aux could/MD
1 Aux should/MD
1 Aux might/MD
1 Aux must/MD
1 AuxSg does/VBZ
1 AuxPl do/VBP

1 VI sleep/VB
1 VI smile/VB
1 VI wait/VB
1 VI run/VB
1 VI laugh/VB
1 VI sing/VB
1 VI swim/VB
1 VI cry/VB
1 VT see/VB
1 VT help/VB
1 VT follow/VB
1 VT visit/VB
1 VT call/VB
1 VT find/VB
1 VT watch/VB
1 VT like/VB

1 Prep near/IN
1 Prep behind/IN
1 Prep with/IN
1 Prep beside/IN
1 Prep above/IN
1 Prep below/IN

1 Rel who/WP
1 Rel that/WDT
`;

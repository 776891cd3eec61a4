import fc from 'fast-check';

/**
 * Review-like sentences for property tests: names, places, numbers, contractions, negations, commas and final
 * marks all appear, so every perturbation family has something to act on in many draws (and nothing in some).
 */
const subjects = ['the film', 'this book', 'our waiter', 'the hotel', 'Maria', 'John', 'the pasta', 'my phone', 'the actors', 'these shoes'];
const verbs = ['is', 'was', "isn't", "wasn't", 'seems', 'looks', 'are', 'were'];
const adjectives = ['good', 'bad', 'wonderful', 'terrible', 'slow', 'quick', 'happy', 'cold', 'cheap', 'beautiful'];
const tails = ['', ' in Paris', ' after 3 days', " and I don't mind", ', but it is fine', ' for two weeks', ' according to Anna', ' and they love it'];
const marks = ['.', '!', '', '...'];

export const reviewSentence: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...subjects), fc.constantFrom(...verbs), fc.boolean(), fc.constantFrom(...adjectives), fc.constantFrom(...tails), fc.constantFrom(...marks))
  .map(([subject, verb, very, adjective, tail, mark]) => {
    const text = `${subject} ${verb} ${very ? 'very ' : ''}${adjective}${tail}${mark}`;
    return text[0].toUpperCase() + text.slice(1);
  });

/** Every sentence the generator can produce is drawn from these words: used to prepare WordNet once. */
export const reviewSentencesSample = (n: number, seed: number) => fc.sample(reviewSentence, { seed, numRuns: n });

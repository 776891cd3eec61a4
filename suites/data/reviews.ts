/**
 * Short review sentences (films, books, restaurants, products) the sentiment suite perturbs. Written
 * for this project; the model's own prediction on each is the reference for invariance tests.
 */
export const REVIEWS: string[] = [
  'I loved this book from start to finish.',
  'What a brilliant and moving story.',
  'The waiter was friendly and the pasta was great.',
  'The headphones sound amazing.',
  'Maria really enjoyed the concert in Paris.',
  'The service was not bad at all.',
  'The novel is dull, but the characters are charming.',
  'This is the best pizza in town.',
  'The acting was superb and the music was lovely.',
  'David says the new camera takes beautiful pictures.',
  'A warm, funny and clever film.',
  'The staff were helpful and the room was clean.',
  'I would happily read this author again.',
  'The blender works perfectly and is easy to clean.',
  'Sarah thought the dessert was excellent.',
  'The restaurant served cold and tasteless food.',
  'The plot was boring and the ending was awful.',
  'I would not recommend this blender to anyone.',
  'The hotel room was dirty and noisy.',
  'The movie was not good.',
  'John said the camera is terrible.',
  'The soup was bland and the bread was stale.',
  'This film is a complete waste of time.',
  'The charger stopped working after a week.',
  'The book was long, slow and tedious.',
  'Our waiter was rude and the wait was endless.',
  'The sequel is much worse than the original.',
  'Peter found the dialogue clumsy and the jokes flat.',
  'The laptop is heavy and the battery is weak.',
  'I did not enjoy a single minute of it.',
];

/** Reviews the model should call POSITIVE, for directional tests that add a negation. */
export const POSITIVE_REVIEWS = REVIEWS.slice(0, 15);

/** Reviews that name people (names the entity-swap perturbation knows), for the names invariance test. */
export const NAMED_REVIEWS: string[] = [
  'Maria really enjoyed the concert in Paris.',
  'David says the new camera takes beautiful pictures.',
  'Sarah thought the dessert was excellent.',
  'John said the camera is terrible.',
  'Peter found the dialogue clumsy and the jokes flat.',
  'Anna loved every chapter of the book.',
  'Tom hated the noisy hotel.',
  'Emma said the pasta was delicious.',
  'Omar thought the film was far too long.',
  'Laura recommends this blender to everyone.',
  'According to Michael, the service was awful.',
  'Priya found the museum tour dull.',
  'Carlos and Julia had a wonderful dinner.',
  'Grace was disappointed by the ending.',
];

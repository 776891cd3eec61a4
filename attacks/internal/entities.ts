/** Word lists for entity swaps. Names are grouped so a swap keeps the pronouns of the sentence right. */
export const FEMALE_NAMES = [
  'Mary', 'Anna', 'Emma', 'Olivia', 'Sophia', 'Maria', 'Laura', 'Sarah', 'Julia', 'Grace', 'Alice', 'Chloe', 'Fatima', 'Aisha',
  'Priya', 'Mei', 'Yuki', 'Ingrid', 'Lucia', 'Amara', 'Elena', 'Hannah', 'Zoe', 'Nadia', 'Rosa', 'Clara', 'Leila', 'Sofia',
];
export const MALE_NAMES = [
  'John', 'James', 'David', 'Michael', 'Daniel', 'Tom', 'Peter', 'Paul', 'Mark', 'Omar', 'Ahmed', 'Carlos', 'Luis', 'Raj',
  'Wei', 'Kenji', 'Lars', 'Marco', 'Kwame', 'Ivan', 'Samuel', 'Noah', 'Ethan', 'Hugo', 'Felix', 'Arjun', 'Diego', 'Malik',
];
export const PLACES = [
  'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Tokyo', 'Delhi', 'Cairo', 'Lagos', 'Nairobi', 'Lima', 'Sydney', 'Toronto',
  'Chicago', 'Boston', 'Dublin', 'Oslo', 'Vienna', 'Prague', 'Seoul', 'Lisbon', 'Athens', 'Istanbul', 'Mumbai', 'Bangkok',
  'France', 'Germany', 'Spain', 'Italy', 'Japan', 'India', 'Egypt', 'Kenya', 'Peru', 'Canada', 'Brazil', 'Mexico', 'Norway',
  'Ireland', 'Greece', 'Portugal', 'Australia', 'Nigeria', 'Chile', 'Sweden', 'Poland', 'Vietnam', 'Morocco',
];
/** Plural-taking number words only: "one day" → "two day" or "five minutes" → "hundred minutes" would break the sentence. */
export const NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'fifty'];

/**
 * Other integers with the same number of digits, derived from the number itself so draws are reproducible. 1 is
 * neither swapped nor swapped in: its noun is singular ("1 day").
 */
export function otherNumbers(digits: string, count = 6): string[] {
  const n = Number(digits);
  if (n === 1) return [];
  const width = digits.length;
  const low = width === 1 ? 0 : 10 ** (width - 1);
  const high = 10 ** width - 1;
  const out = new Set<string>();
  for (const delta of [1, -1, 2, 3, -2, 5, 7, -5, 11, 13]) {
    const m = n + delta * Math.max(1, Math.round(10 ** (width - 1) / 2));
    if (m >= low && m <= high && m !== n && m !== 1) out.add(String(m));
    if (out.size >= count) break;
  }
  return [...out];
}

/** Escaping for text placed into HTML/SVG markup and for data embedded in `<script type="application/json">`. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` become \u escapes so no
 * `</script>` or `<!--` can end or confuse the element, and U+2028/2029 are escaped for old parsers.
 * `JSON.parse(element.textContent)` returns the original value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SesameError } from '../errors.js';
import type { SesameReport } from './types.js';

const require = createRequire(import.meta.url);
/** The JSON Schema of report.json, mirrored from `types.ts`. */
export const reportSchema: object = require('./report.schema.json');

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/);
    compiled = ajv.compile(reportSchema);
  }
  return compiled;
}

/** One readable phrase per schema violation, e.g. `/robustness/0/failureRate must be <= 1`. */
function describe(error: ErrorObject): string {
  const at = error.instancePath || '(top level)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at} is missing "${params.missingProperty}"`;
    case 'additionalProperties':
      return `${at} has an unknown field "${params.additionalProperty}"`;
    case 'enum':
      return `${at} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at} must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${at} ${error.message}`;
  }
}

/** Every way `json` breaks the report schema, as short phrases; empty when it is a valid report. */
export function reportErrors(json: unknown): string[] {
  const validate = validator();
  if (validate(json)) return [];
  // oneOf/anyOf failures repeat their branches' errors; the branch errors are the useful ones.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  return [...new Set(errors.map(describe))];
}

/**
 * Checks `json` against report.schema.json and returns it typed, or throws a one-line SesameError
 * naming the first few problems and the schema version this Sesame reads.
 */
export function validateReport(json: unknown, source = 'report'): SesameReport {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('schemaVersion' in json)) {
    throw new SesameError(`${source} is not a Sesame report (no schemaVersion field); pass the report.json a \`sesame run\` wrote`);
  }
  if (json.schemaVersion !== 1) {
    throw new SesameError(`${source} has schemaVersion ${JSON.stringify(json.schemaVersion)}; this Sesame reads schema version 1 — regenerate it with this version of sesame`);
  }
  const problems = reportErrors(json);
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ');
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    throw new SesameError(`${source} is not a valid Sesame report: ${shown}${more}`);
  }
  return json as SesameReport;
}

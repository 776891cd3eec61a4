import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import ts from 'typescript';
import { reportErrors, reportSchema, validateReport } from '../../src/report/index.js';
import { buildFixtureReport } from './fixture.js';

type Schema = { $ref?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; additionalProperties?: Schema | boolean; oneOf?: Schema[]; definitions?: Record<string, Schema> };

const root = reportSchema as Schema;
const resolve = (s: Schema): Schema => (s.$ref ? resolve(root.definitions![s.$ref.replace('#/definitions/', '')]) : s);

/**
 * Walks src/report/types.ts with the TypeScript parser and the JSON Schema side by side, and lists
 * every field that one has and the other lacks, or that is optional in one and required in the other.
 */
function driftBetweenTypesAndSchema(): string[] {
  const file = new URL('../../src/report/types.ts', import.meta.url);
  const source = ts.createSourceFile('types.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  });
  const problems: string[] = [];
  const seen = new Set<string>();

  function members(node: ts.TypeNode | ts.InterfaceDeclaration): ts.NodeArray<ts.TypeElement> | null {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node)) return node.members;
    return null;
  }

  function walk(node: ts.TypeNode | ts.InterfaceDeclaration, schemaNode: Schema, at: string): void {
    const schema = resolve(schemaNode);
    if (!ts.isInterfaceDeclaration(node) && ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(source);
      const args = node.typeArguments ?? [];
      if (name === 'Array' && args[0]) return walk(args[0], schema.items ?? {}, `${at}[]`);
      if (name === 'Record' && args[1]) return walk(args[1], typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {}, `${at}{}`);
      const target = interfaces.get(name);
      if (target) {
        const key = `${name}@${at.split('.').length}`;
        if (seen.has(key)) return;
        seen.add(key);
        return walk(target, schema, at);
      }
      return;
    }
    if (!ts.isInterfaceDeclaration(node) && ts.isArrayTypeNode(node)) return walk(node.elementType, schema.items ?? {}, `${at}[]`);
    if (!ts.isInterfaceDeclaration(node) && ts.isUnionTypeNode(node)) {
      const nonNull = node.types.filter((t) => t.kind !== ts.SyntaxKind.LiteralType || !t.getText(source).includes('null'));
      if (nonNull.length === 1) return walk(nonNull[0], schema.oneOf ? schema.oneOf[0] : schema, at);
      return;
    }
    const list = members(node);
    if (!list) return;
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const tsNames = new Set<string>();
    for (const m of list) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = m.name.getText(source);
      tsNames.add(name);
      if (!props[name]) {
        problems.push(`${at}.${name} is in types.ts but not in report.schema.json`);
        continue;
      }
      if (!m.questionToken !== required.has(name)) problems.push(`${at}.${name} is ${m.questionToken ? 'optional' : 'required'} in types.ts but not in report.schema.json`);
      walk(m.type, props[name], `${at}.${name}`);
    }
    for (const name of Object.keys(props)) if (!tsNames.has(name)) problems.push(`${at}.${name} is in report.schema.json but not in types.ts`);
  }

  walk(interfaces.get('SesameReport')!, root, 'report');
  return problems;
}

describe('report.json schema', () => {
  it('matches src/report/types.ts field for field (names and optionality)', () => {
    expect(driftBetweenTypesAndSchema()).to.deep.equal([]);
  });

  it('accepts a realistic report, also after a JSON round trip', () => {
    const report = buildFixtureReport({ samples: 3, hostile: true });
    expect(reportErrors(report)).to.deep.equal([]);
    expect(reportErrors(JSON.parse(JSON.stringify(report)))).to.deep.equal([]);
  });

  it('names each problem by its JSON path, on one line', () => {
    const report = buildFixtureReport({ samples: 1 }) as unknown as Record<string, any>;
    report.robustness[0].failureRate = 1.5;
    report.tests[2].status = 'flaky';
    delete report.run.seed;
    report.extra = true;
    const errors = reportErrors(report);
    expect(errors).to.include('/robustness/0/failureRate must be <= 1');
    expect(errors).to.include('/tests/2/status must be one of "passed", "failed", "skipped"');
    expect(errors).to.include('/run is missing "seed"');
    expect(errors).to.include('(top level) has an unknown field "extra"');
    expect(() => validateReport(report, 'out/report.json')).to.throw(/^out\/report\.json is not a valid Sesame report: .+ \(and 1 more\)$/);
    const message = (() => {
      try {
        validateReport(report, 'x');
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).to.not.include('\n');
  });

  it('rejects attention weights outside [0, 1] deep inside the head-view samples', () => {
    const report = buildFixtureReport({ samples: 2 });
    report.attention[0].samples[1].finetuned[5][3][0][1] = 1.2;
    expect(reportErrors(report)).to.deep.equal(['/attention/0/samples/1/finetuned/5/3/0/1 must be <= 1']);
  });

  it('tells apart "not a report at all" and "a report from another schema version"', () => {
    expect(() => validateReport([], 'a.json')).to.throw('a.json is not a Sesame report (no schemaVersion field)');
    expect(() => validateReport({ schemaVersion: 2 }, 'b.json')).to.throw('b.json has schemaVersion 2; this Sesame reads schema version 1');
  });
});

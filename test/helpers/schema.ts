/** Validate reports against the published schemas; every report a test produces goes through here. */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

const DOCS = path.resolve(import.meta.dirname, '../../docs');
const cache = new Map<string, ValidateFunction>();

export function validatorFor(schemaFile: string): ValidateFunction {
  let v = cache.get(schemaFile);
  if (!v) {
    const schema = JSON.parse(fs.readFileSync(path.join(DOCS, schemaFile), 'utf8')) as object;
    v = new Ajv({ allErrors: true, strict: false }).compile(schema);
    cache.set(schemaFile, v);
  }
  return v;
}

/** Throws with every schema error when `report` does not validate. */
export function assertValidReport(report: unknown, schemaFile = 'report.schema.json'): void {
  const validate = validatorFor(schemaFile);
  if (!validate(report)) {
    throw new Error(`report does not match docs/${schemaFile}:\n${JSON.stringify(validate.errors, null, 2)}`);
  }
}

/**
 * Validation against the official SARIF 2.1.0 JSON schema (OASIS, errata 01; vendored in
 * test/fixtures/sarif/, where its README says where it comes from). The schema is JSON Schema
 * draft-04, hence ajv-draft-04; formats (uri, date-time) are checked too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { SARIF_FIXTURES } from './demoRevisions';

const schema = JSON.parse(readFileSync(join(SARIF_FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);

/** Each place the log breaks the schema (`/runs/0/results/1/level: must be equal to one of the allowed values`); none when valid. */
export function sarifSchemaProblems(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

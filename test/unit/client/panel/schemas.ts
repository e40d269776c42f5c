/**
 * The published JSON schemas the exports are checked against, vendored in test/fixtures/schemas/
 * (see its README for their sources): SARIF 2.1.0 (JSON Schema draft-04) and OpenVEX v0.2.0 (2020-12).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const DIR = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'schemas');
const load = (file: string): object => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as object;

/** An IRI as OpenVEX uses the format: a scheme, then no blanks. */
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

let openVex: ValidateFunction | undefined;
let sarif: ValidateFunction | undefined;

export function openVexSchema(): ValidateFunction {
  if (!openVex) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addFormat('iri', IRI);
    openVex = ajv.compile(load('openvex_json_schema_0.2.0.json'));
  }
  return openVex;
}

export function sarifSchema(): ValidateFunction {
  if (!sarif) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    sarif = ajv.compile(load('sarif-schema-2.1.0.json'));
  }
  return sarif;
}

/** Fails with every schema error, each naming where it is. */
export function assertValid(validate: ValidateFunction, document: unknown): void {
  if (validate(document)) return;
  assert.fail(
    `not valid against its schema:\n${(validate.errors ?? []).map((e) => `  ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n')}`,
  );
}

/**
 * A SARIF log read from a file and checked (size, JSON, SARIF 2.1.0) before anything is done with
 * it, for the upload CLI and for `--ingest`.
 */
import { readFileSync, statSync } from 'node:fs';
import { firstProblem } from '../findingBody';
import { SARIF_LIMITS } from '../sarif/limits';
import { parseSarifJson } from '../sarif/mapLog';
import { SarifLog } from '../sarif/schema';

/** Throws SarifLogError (not JSON, too large) or this (no file, not SARIF 2.1.0), the message naming the file. */
export class SarifFileError extends Error {}

export function readSarifFile(file: string): unknown {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new SarifFileError(`cannot read ${file}: no such file`);
  }
  if (size > SARIF_LIMITS.logBytes)
    throw new SarifFileError(`${file} is ${size} bytes, more than the ${SARIF_LIMITS.logBytes} a log may have: split it`);
  const log = parseSarifJson(readFileSync(file));
  const sarif = SarifLog.safeParse(log);
  if (!sarif.success) throw new SarifFileError(`${file} is not a SARIF 2.1.0 log: ${firstProblem(sarif.error)}`);
  return log;
}

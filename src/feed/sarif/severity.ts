/**
 * A result's severity (docs/feed-protocol.md, "SARIF"): the `security-severity` score when the
 * result or its rule has one, with GitHub code scanning's thresholds; else the result's `level`
 * (its rule's default level, else `warning`, as SARIF §3.27.10 says).
 */
import type { Severity } from '../../shared/feed';
import type { ReportingDescriptor, SarifResult } from './schema';

type Level = NonNullable<SarifResult['level']>;

const BY_LEVEL: Record<Level, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

/** GitHub's thresholds: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, > 0 low; 0 is info. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return score > 0 ? 'low' : 'info';
}

/** A `security-severity` property as a number from 0 to 10 (tools write "8.8" or 8.8), or undefined. */
export function securitySeverity(properties: Record<string, unknown> | undefined): number | undefined {
  const value = properties?.['security-severity'];
  const score = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(score) && score >= 0 && score <= 10 ? score : undefined;
}

/** SARIF §3.27.10: a result that is not a failure (`kind` other than `fail`) has level `none`. */
export function levelOf(result: SarifResult, rule: ReportingDescriptor | undefined): Level {
  if (result.level) return result.level;
  if (result.kind !== undefined && result.kind !== 'fail') return 'none';
  return rule?.defaultConfiguration?.level ?? 'warning';
}

export function severityOf(result: SarifResult, rule: ReportingDescriptor | undefined): Severity {
  const score = securitySeverity(result.properties) ?? securitySeverity(rule?.properties);
  return score !== undefined ? severityOfScore(score) : BY_LEVEL[levelOf(result, rule)];
}

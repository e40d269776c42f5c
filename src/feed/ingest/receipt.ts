/**
 * The answer to an upload (the contract's AnalysisReceipt): what was taken, what was set aside and
 * why, and notes about what the analysis could not close.
 */
import type { AnalysisReceipt, AnalysisSetAside } from '../../shared/analysis';
import type { Scope, ScopePlan } from './plan';

/** Set-aside entries an answer lists at most (the count is always whole). */
export const SET_ASIDE_LISTED = 1000;

function findings(n: number): string {
  return n === 1 ? '1 finding' : `${n.toLocaleString('en-US')} findings`;
}

/** What one scope's plan says that a person reading the receipt needs to know. */
export function scopeNotes(scope: Scope, plan: ScopePlan, ref: string): string[] {
  const which = `${scope.tool} (category ${scope.category})`;
  const notes: string[] = [];
  if (!scope.complete) {
    notes.push(
      `${which}: a run did not say everything it found (its results are missing, or an invocation failed), so no finding was marked fixed.`,
    );
  } else if (plan.keptUnread.length > 0) {
    const rules = [...new Set(plan.keptUnread.map((f) => f.rule))].slice(0, 10).join(', ');
    notes.push(
      `${which}: not fixed, though not in this analysis: ${findings(plan.keptUnread.length)} of a rule with a result set aside (${rules}), which may be one of them.`,
    );
  }
  if (plan.stillElsewhere.length > 0) {
    notes.push(
      `${which}: not fixed, though no longer reported on ${ref}: ${findings(plan.stillElsewhere.length)} that the latest analysis of another ref still reports.`,
    );
  }
  return notes;
}

export interface ReceiptParts {
  analysis: AnalysisReceipt['analysis'];
  counts: Omit<AnalysisReceipt['counts'], 'setAside'>;
  setAside: readonly AnalysisSetAside[];
  notes: readonly string[];
}

export function receiptOf(parts: ReceiptParts): AnalysisReceipt {
  return {
    analysis: parts.analysis,
    counts: { ...parts.counts, setAside: parts.setAside.filter((s) => s.what === 'result').length },
    setAside: parts.setAside.slice(0, SET_ASIDE_LISTED),
    notes: [...parts.notes],
  };
}

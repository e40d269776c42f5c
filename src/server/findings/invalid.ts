/**
 * Findings the feed sent that failed validation: set aside and counted, never shown. A later valid
 * version of the same id takes its place.
 */

/** One finding that failed validation (the shape of the feed client's InvalidFinding). */
export interface InvalidEntry {
  id: string | null;
  problem: string;
}

export class InvalidFindings {
  private readonly byId = new Map<string, string>();
  private anonymous = 0;

  get count(): number {
    return this.byId.size + this.anonymous;
  }

  /** A full sync: the set aside findings are exactly these. */
  replace(invalid: readonly InvalidEntry[]): void {
    this.byId.clear();
    this.anonymous = 0;
    this.add(invalid);
  }

  /** An incremental sync: these were set aside, and `validIds` arrived in good shape. */
  apply(invalid: readonly InvalidEntry[], validIds: Iterable<string>): void {
    for (const id of validIds) this.byId.delete(id);
    this.add(invalid);
  }

  private add(invalid: readonly InvalidEntry[]): void {
    for (const entry of invalid) {
      if (entry.id === null) this.anonymous += 1;
      else this.byId.set(entry.id, entry.problem);
    }
  }
}

/**
 * The Findings view: a tree of the server's findings, grouped by file, severity or status, with a
 * filter, counts in the group labels and a badge. A click opens the triage panel on the finding.
 *
 * It needs the list only while it is visible (the source asks for it then, see findingsSource.ts);
 * the badge, shown on the activity bar even when the view is not, comes from the status counts.
 */
import * as vscode from 'vscode';
import { severityLabel } from '../../shared/codes';
import { Commands } from '../../shared/commands';
import type { FindingCounts, FindingListItem } from '../../shared/protocol';
import { EMPTY_FILTER, formatFilterQuery, isEmptyFilter, parseFilterQuery, type FindingFilter } from '../../shared/filter';
import type { FindingsSource } from '../findingsSource';
import type { SetupContext } from '../setupContext';
import {
  GROUP_BYS,
  badgeOf,
  fileGroupDescription,
  groupFindings,
  groupLabel,
  itemDescription,
  severityLook,
  type FindingGroup,
  type GroupBy,
} from './grouping';

export const FINDINGS_VIEW_ID = 'findingsLens.findings';
const GROUP_BY_KEY = 'findingsLens.tree.groupBy';

type Node = { kind: 'group'; group: FindingGroup } | { kind: 'finding'; item: FindingListItem };

export class FindingsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private groupBy: GroupBy;
  private filter: FindingFilter = EMPTY_FILTER;
  private groups: FindingGroup[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The view's claim on the list while it is visible. */
  private demand: vscode.Disposable | undefined;
  /** The list the groups were built from: a view shown again rebuilds only when it changed. */
  private drawn: readonly FindingListItem[] | undefined;

  /** Only these findings are shown (Show, after a sync named them), with what they are. */
  private only: { ids: ReadonlySet<string>; what: string } | undefined;

  constructor(
    private readonly source: FindingsSource,
    private readonly memento: vscode.Memento,
    private readonly setup: Pick<SetupContext, 'current' | 'onDidChange'>,
  ) {
    const saved = memento.get<string>(GROUP_BY_KEY);
    this.groupBy = (GROUP_BYS as readonly string[]).includes(saved ?? '') ? (saved as GroupBy) : 'severity';
    this.view = vscode.window.createTreeView(FINDINGS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      source.onDidChange(() => {
        if (this.view.visible) this.rebuild();
      }),
      source.onDidChangeCounts((counts) => this.showBadge(counts)),
      setup.onDidChange(() => this.view.visible && this.rebuild()),
      this.view.onDidChangeVisibility((e) => this.shown(e.visible)),
      { dispose: () => this.demand?.dispose() },
    );
    this.showBadge(source.counts);
    this.shown(this.view.visible);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const t = new vscode.TreeItem(groupLabel(node.group, this.groupBy), vscode.TreeItemCollapsibleState.Expanded);
      t.id = `group:${this.groupBy}:${node.group.key}`;
      // No resourceUri on a file's group: VS Code would put its own problem count (errors and
      // warnings of every source) beside ours; the description says what Problems lists for us.
      if (this.groupBy === 'file') t.description = fileGroupDescription(node.group);
      t.iconPath =
        this.groupBy === 'file'
          ? vscode.ThemeIcon.File
          : this.groupBy === 'severity'
            ? severityIcon(node.group.key as FindingListItem['severity'])
            : new vscode.ThemeIcon('circle-outline');
      t.contextValue = 'findingsGroup';
      return t;
    }
    const i = node.item;
    const t = new vscode.TreeItem(i.title || i.ruleId, vscode.TreeItemCollapsibleState.None);
    t.id = `finding:${i.id}`;
    t.description = itemDescription(i, this.groupBy);
    t.iconPath = severityIcon(i.severity);
    t.tooltip = `${severityLabel(i.severity)} · ${i.ruleId}\n${i.path}:${i.line + 1}\n${itemDescription(i, 'severity')}${i.outbox?.message ? `\n${i.outbox.message}` : ''}`;
    // A click opens the code; the triage panel is the row's inline action and in its context menu.
    t.command = i.uri
      ? {
          title: 'Open the code',
          command: 'vscode.open',
          arguments: [vscode.Uri.parse(i.uri), { selection: new vscode.Range(i.line, 0, i.line, 0), preview: false }],
        }
      : { title: 'Show details', command: Commands.showDetails, arguments: [i.id] };
    t.contextValue = 'finding';
    t.accessibilityInformation = { label: `${severityLabel(i.severity)}: ${i.title}, ${t.description}` };
    return t;
  }

  /** Shows only these findings (what a sync brought), until Clear Filter. */
  showOnly(ids: readonly string[], what: string): void {
    this.only = { ids: new Set(ids), what };
    this.setFilter(this.filter);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups.map((group) => ({ kind: 'group', group }));
    return node.kind === 'group' ? node.group.items.map((item) => ({ kind: 'finding', item })) : [];
  }

  async pickGroupBy(): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      GROUP_BYS.map((g) => ({
        label: g === 'file' ? 'File' : g === 'severity' ? 'Severity' : 'Status',
        picked: g === this.groupBy,
        value: g,
      })),
      { title: 'Group findings by' },
    );
    if (!picked) return;
    this.groupBy = picked.value;
    await this.memento.update(GROUP_BY_KEY, picked.value);
    this.rebuild();
  }

  async askFilter(): Promise<void> {
    const query = await vscode.window.showInputBox({
      title: 'Filter findings',
      value: formatFilterQuery(this.filter),
      prompt: 'Text, or severity:high,critical status:open file:src/ rule:sql — empty to show all',
    });
    if (query === undefined) return;
    this.setFilter(parseFilterQuery(query));
  }

  setFilter(filter: FindingFilter): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'findingsLens.treeFiltered', !isEmptyFilter(filter) || this.only !== undefined);
    this.rebuild();
  }

  /** Clear Filter: the filter and a "show only" both go. */
  clearFilter(): void {
    this.only = undefined;
    this.setFilter(EMPTY_FILTER);
  }

  private rebuild(): void {
    const all = this.source.findings;
    this.drawn = all;
    const only = this.only;
    this.groups = groupFindings(only ? all.filter((i) => only.ids.has(i.id)) : all, this.groupBy, this.filter);
    const shown = this.groups.reduce((n, g) => n + g.items.length, 0);
    const query = [only?.what, formatFilterQuery(this.filter)].filter(Boolean).join(', ');
    this.view.description = query ? `${query} — ${shown} of ${all.length}` : `by ${this.groupBy}`;
    this.view.message = all.length === 0 ? this.emptyMessage() : shown === 0 ? 'No finding matches the filter.' : undefined;
    this.changed.fire(undefined);
  }

  /**
   * Nothing while the first list is on its way (at 100,000 findings that takes seconds, and "no
   * findings" would be wrong), nor while the welcome says what is missing (feed URL, token).
   */
  private emptyMessage(): string | undefined {
    if (!this.source.loaded || this.setup.current !== 'ready') return undefined;
    return 'No findings: the feed reports none for this project.';
  }

  /** Visible: the list is needed, and drawn from what the source has (a stale list is asked for again). */
  private shown(visible: boolean): void {
    if (visible) {
      this.demand ??= this.source.need('the Findings view');
      if (this.drawn !== this.source.findings) this.rebuild();
    } else {
      this.demand?.dispose();
      this.demand = undefined;
    }
  }

  /** The row of a finding a menu was opened on (the tree hands menus its node). */
  static findingOf(arg: unknown): FindingListItem | undefined {
    const node = arg as Partial<Node> | undefined;
    return node?.kind === 'finding' ? (node as { item: FindingListItem }).item : undefined;
  }

  private showBadge(counts: FindingCounts | undefined): void {
    this.view.badge = badgeOf(counts);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** A severity's codicon in its theme colour. */
function severityIcon(sev: FindingListItem['severity']): vscode.ThemeIcon {
  const look = severityLook(sev);
  return new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
}

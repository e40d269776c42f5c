/**
 * A stand-in for the `vscode` module, for client code that uses nothing of it at run time but an
 * EventEmitter (the rest is types). Importing this first makes `require('vscode')` answer with it,
 * where outside the editor it would fail. Anything else such code reaches for is missing, loudly.
 */
import Module from 'node:module';

const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? __filename : resolve.call(this, request, ...rest);
};

/** vscode.EventEmitter as its users see it: `event(listener)` gives a disposable, `fire` calls each. */
export class EventEmitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();
  readonly event = (listener: (e: T) => unknown): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(e: T): void {
    for (const listener of [...this.listeners]) listener(e);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** A TreeView as FindingsTree uses it; the test says when it is visible. */
export class TreeViewStub {
  visible = false;
  badge: { value: number; tooltip: string } | undefined;
  description: string | undefined;
  message: string | undefined;
  private readonly visibility = new EventEmitter<{ visible: boolean }>();
  readonly onDidChangeVisibility = this.visibility.event;

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.visibility.fire({ visible });
  }

  dispose(): void {
    this.visibility.dispose();
  }
}

/** Every tree view made, newest last. */
export const treeViews: TreeViewStub[] = [];

export const window = {
  createTreeView: (): TreeViewStub => {
    const view = new TreeViewStub();
    treeViews.push(view);
    return view;
  },
};

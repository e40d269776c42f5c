/**
 * What /proc says about the editor's processes (Linux only): the code-server process tree, the
 * extension host and the language server found by their command lines, their resident memory,
 * whether one catches SIGUSR1 yet (Node's signal to open its inspector) and the TCP ports it listens on.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
}

/** The processes under `root` (children, grandchildren…), not `root` itself: read from each thread's `children` list. */
export function descendants(root: number): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of childrenOf(pid)) {
      const command = commandLine(child);
      if (command === undefined) continue;
      found.push({ pid: child, ppid: pid, command });
      queue.push(child);
    }
  }
  return found;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
        if (text !== '') children.push(...text.split(/\s+/).map(Number));
      } catch {
        // The thread ended while we looked.
      }
    }
  } catch {
    // The process ended while we looked.
  }
  return children;
}

/** The process's command line (arguments joined by spaces), or undefined when it is gone. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

/** VS Code's extension host: `bootstrap-fork --type=extensionHost`. */
export function isExtensionHost(p: ProcessInfo): boolean {
  return p.command.includes('--type=extensionHost');
}

/** Our language server: `dist/server.js` of the installed Findings Lens. */
export function isFindingsServer(p: ProcessInfo): boolean {
  return /findings-lens\.findings-lens-[^/\s]*\/dist\/server\.js/.test(p.command);
}

/** Resident memory in bytes, or undefined when the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process handles `signal` (SigCgt): Node sets its SIGUSR1 handler early in its start-up, not at once. */
export function catchesSignal(pid: number, signal: number): boolean {
  try {
    const match = /^SigCgt:\s+([0-9a-f]+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match !== null && (BigInt(`0x${match[1]}`) & (1n << BigInt(signal - 1))) !== 0n;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

/** The TCP ports the process listens on (its sockets matched against /proc/net/tcp and tcp6). */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // Closed while we looked.
      }
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT" in hex; state 0A is LISTEN; the inode is the tenth field.
      if (fields[3] === '0A' && inodes.has(fields[9]!)) ports.push(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

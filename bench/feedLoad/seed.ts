/**
 * The load test's feed: editors in teams of ten, one project per team, each editor with its own
 * token and a few findings of its own to decide on, plus findings nobody decides on. The findings
 * come from the bench's generator (realistic sizes), renamed to be unique across projects.
 */
import { writeFileSync } from 'node:fs';
import { generateFeed } from '../generate';

export const TEAM = 10;
export const DECISIONS_PER_EDITOR = 3;
const OTHER_FINDINGS_PER_PROJECT = 20;

export interface LoadSeed {
  file: string;
  editors: Array<{ id: string; token: string; project: string; findings: string[] }>;
}

export function writeLoadSeed(editors: number, file: string): LoadSeed {
  const plans: LoadSeed['editors'] = [];
  const projects: Array<{ id: string; members: string[] }> = [];
  const findings: unknown[] = [];
  const teams = Math.ceil(editors / TEAM);
  for (let t = 0; t < teams; t++) {
    const project = `team-${t + 1}`;
    const members = Array.from({ length: Math.min(TEAM, editors - t * TEAM) }, (_, i) => `editor-${t * TEAM + i + 1}`);
    const generated = generateFeed(members.length * DECISIONS_PER_EDITOR + OTHER_FINDINGS_PER_PROJECT, project, 42 + t).findings;
    const ids = generated.map((f) => `${project}-${f.id}`);
    generated.forEach((f, i) => findings.push({ ...f, id: ids[i], project }));
    members.forEach((id, i) =>
      plans.push({
        id,
        token: `bench-load-token-${id}`,
        project,
        findings: ids.slice(i * DECISIONS_PER_EDITOR, (i + 1) * DECISIONS_PER_EDITOR),
      }),
    );
    projects.push({ id: project, members });
  }
  const users = plans.map((p) => ({ id: p.id, name: p.id, role: 'developer', token: p.token }));
  writeFileSync(file, JSON.stringify({ adminToken: 'bench-load-admin-token', users, projects, findings }));
  return { file, editors: plans };
}

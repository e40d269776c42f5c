/**
 * `node dist/feed.js --ingest results.sarif [--root <checkout>]`: one SARIF log looked at locally in
 * one command. The log gets what the upload CLI adds from the checkout (line hashes, snippets), then
 * is taken as an upload is, into a project of its own (`local`, every user a member), at git's
 * commit and branch of the checkout when it is one.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalLog } from '../cliArgs';
import { enrichSarifLog } from '../sarif/enrich';
import { mapSarifLog } from '../sarif/mapLog';
import type { FeedStorage } from '../storage/feedStorage';
import { gitHead } from '../upload/gitCheckout';
import { readSarifFile } from '../upload/sarifFile';
import { describeEnrichment, describeReceipt } from '../upload/uploadReport';
import { checkoutFiles, isFolder } from '../upload/workingTree';
import { DEFAULT_ORGANIZATION } from '../storage/tokenMigration';
import { ingestAnalysis } from './ingest';

export const LOCAL_PROJECT = 'local';
const LOCAL_CATEGORY = 'local';

async function ensureLocalProject(storage: FeedStorage): Promise<void> {
  await storage.transaction(async (tx) => {
    await tx.findings.lockChanges();
    if (await tx.accounts.projectExists(LOCAL_PROJECT)) return;
    // The project belongs to the first user's organization (the seed's `default`, unless it names one), every user of it a member.
    const users = await tx.accounts.users();
    const org = users[0]?.org ?? DEFAULT_ORGANIZATION;
    await tx.accounts.ensureOrganization(org, org);
    const members = users.filter((u) => u.org === org).map((u) => u.id);
    await tx.accounts.addProject(LOCAL_PROJECT, 'SARIF logs ingested locally', org, members);
  });
}

/** Takes the log into the `local` project; resolves with what to tell the person who ran it. */
export async function ingestLocalLog(storage: FeedStorage, local: LocalLog, cwd: string): Promise<string[]> {
  const file = resolve(cwd, local.file);
  const root = resolve(cwd, local.root ?? '.');
  if (!isFolder(root)) throw new Error(`--root ${root} is not a folder: give the checkout the log is about`);
  const log = readSarifFile(file);
  const checkoutUri = pathToFileURL(`${root}/`).href;
  const added = describeEnrichment(enrichSarifLog(log, checkoutUri, checkoutFiles(root)), root);
  const head = gitHead(root);
  const mapped = mapSarifLog(log, {
    project: LOCAL_PROJECT,
    category: LOCAL_CATEGORY,
    checkoutUri,
    ...(head.commit !== undefined ? { commit: head.commit } : {}),
  });
  await ensureLocalProject(storage);
  const upload = {
    project: LOCAL_PROJECT,
    category: LOCAL_CATEGORY,
    ref: head.ref ?? 'local',
    commit: head.commit ?? '',
    uploader: 'local',
  };
  const receipt = await storage.transaction((tx) => ingestAnalysis(tx, mapped, upload));
  return [`Ingested ${file}, about ${root}.`, ...added, describeReceipt(receipt)];
}

/**
 * `node dist/feed.js admin …`: organizations, users, projects, membership and tokens, straight in
 * the feed's database (the feed may be running on it: every change is one transaction). Exit codes:
 * 0 done, 1 refused (an unknown user, an id taken), 2 a mistake in the command line.
 */
import { ROLES, type Role } from '../storage/accounts';
import type { FeedStorage } from '../storage/feedStorage';
import { openFeedStorage } from '../storage/openStorage';
import { newToken } from '../storage/tokens';
import { ADMIN_USAGE, type AdminArgs, AdminUsageError, checkId, expiryOf, parseAdminArgs } from './args';
import { table } from './table';

export interface AdminIo {
  out(line: string): void;
  err(line: string): void;
}

/** A command that could not be done, said plainly: exit 1. */
class Refused extends Error {}

export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  let args: AdminArgs;
  try {
    args = parseAdminArgs(argv);
  } catch (err) {
    if (!(err instanceof AdminUsageError)) throw err;
    io.err(`${err.message}\n${ADMIN_USAGE}`);
    return 2;
  }
  let storage: FeedStorage;
  try {
    storage = await openFeedStorage(args.db, (line) => io.err(line));
  } catch (err) {
    io.err(`could not open the database: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  try {
    await command(storage, args, io);
    return 0;
  } catch (err) {
    if (err instanceof AdminUsageError) {
      io.err(`${err.message}\n${ADMIN_USAGE}`);
      return 2;
    }
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await storage.close();
  }
}

async function command(storage: FeedStorage, { words, flags }: AdminArgs, io: AdminIo): Promise<void> {
  const [noun, verb, first, second] = words;
  const { accounts } = storage;
  switch (`${noun ?? ''} ${verb ?? ''}`) {
    case 'org create': {
      const id = checkId('organization id', first);
      if (await accounts.organizationExists(id)) throw new Refused(`organization ${id} exists already`);
      await storage.transaction((tx) => tx.accounts.addOrganization(id, flags.name ?? id));
      return io.out(`created organization ${id}`);
    }
    case 'org list':
      return table(
        io,
        ['organization', 'name', 'created'],
        (await accounts.organizations()).map((o) => [o.id, o.name, o.createdAt]),
      );
    case 'user create': {
      const id = checkId('user id', first);
      const org = await existingOrg(storage, flags.org);
      const role = roleOf(flags.role);
      if (await accounts.user(id)) throw new Refused(`user ${id} exists already`);
      await storage.transaction((tx) => tx.accounts.addUser({ id, name: flags.name ?? id, role, org }));
      return io.out(`created ${role} ${id} in ${org}; issue a token with: admin token issue ${id}`);
    }
    case 'user list':
      return table(
        io,
        ['user', 'name', 'role', 'organization'],
        (await accounts.users(flags.org)).map((u) => [u.id, u.name, u.role, u.org]),
      );
    case 'project create': {
      const id = checkId('project id', first);
      const org = await existingOrg(storage, flags.org);
      if (await accounts.projectExists(id)) throw new Refused(`project ${id} exists already (project ids are unique across organizations)`);
      const members = (flags.members ?? '').split(',').filter((m) => m !== '');
      await storage.transaction((tx) => tx.accounts.addProject(id, flags.name ?? id, org, members));
      return io.out(`created project ${id} in ${org}${members.length ? ` with ${members.join(', ')}` : ''}`);
    }
    case 'project list': {
      const rows = (await accounts.projectList(flags.org)).map((p) => [p.id, p.name, p.org, p.members.join(',')]);
      return table(io, ['project', 'name', 'organization', 'members'], rows);
    }
    case 'member add':
      await storage.transaction((tx) => tx.accounts.addMember(checkId('project id', first), checkId('user id', second)));
      return io.out(`${second} is a member of ${first}`);
    case 'member remove':
      if (!(await storage.transaction((tx) => tx.accounts.removeMember(checkId('project id', first), checkId('user id', second))))) {
        throw new Refused(`${second} is not a member of ${first}`);
      }
      return io.out(`${second} is no longer a member of ${first}`);
    case 'token issue':
      return issueToken(storage, checkId('user id', first), flags, io);
    case 'token revoke': {
      if (first === undefined) throw new AdminUsageError('give the token id (tok_..., see admin token list)');
      if (!(await storage.transaction((tx) => tx.tokens.revoke(first)))) throw new Refused(`no token ${first} that is not revoked already`);
      return io.out(`revoked ${first}; requests with it are refused from now on, and its event streams end at their next heartbeat`);
    }
    case 'token list': {
      const rows = (await storage.tokens.list(flags.user)).map((t) => [
        t.id,
        t.userId,
        t.label,
        t.createdAt,
        t.expiresAt ?? 'never',
        t.revokedAt ?? '',
      ]);
      return table(io, ['token id', 'user', 'label', 'created', 'expires', 'revoked'], rows);
    }
    default:
      throw new AdminUsageError(words.length === 0 ? 'give a command' : `unknown command: ${words.slice(0, 2).join(' ')}`);
  }
}

async function existingOrg(storage: FeedStorage, org: string | undefined): Promise<string> {
  const id = checkId('organization (--org)', org);
  if (!(await storage.accounts.organizationExists(id))) throw new Refused(`no organization ${id}; create it with: admin org create ${id}`);
  return id;
}

function roleOf(role: string | undefined): Role {
  if (!(ROLES as readonly string[]).includes(role ?? '')) throw new AdminUsageError(`--role must be one of ${ROLES.join(', ')}`);
  return role as Role;
}

async function issueToken(storage: FeedStorage, userId: string, flags: Record<string, string>, io: AdminIo): Promise<void> {
  const now = new Date();
  const expiresAt = expiryOf(flags, now);
  if (!(await storage.accounts.user(userId)))
    throw new Refused(`no user ${userId}; create it with: admin user create ${userId} --org <org> --role <role>`);
  const token = newToken();
  const info = await storage.transaction((tx) => tx.tokens.add(userId, token, { label: flags.label ?? '', expiresAt, now }));
  io.err(
    `issued ${info.id} for ${userId}, ${expiresAt ? `expires ${expiresAt}` : 'never expires'}. ` +
      'The token is on the next line and is shown only this once: the feed keeps only its hash.',
  );
  io.out(token);
}

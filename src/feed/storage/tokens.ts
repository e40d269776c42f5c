/**
 * Bearer tokens as the feed keeps them: never the token itself, only its SHA-256. A token has 256
 * random bits, so a plain hash is enough (nothing to guess, no salt or slow hash needed), and the
 * lookup is one indexed read. Each token has a public id (`tok_...`) to list and revoke it by.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlSession } from './sql';

/** A new random bearer token: `fl_` and 43 characters (32 random bytes). */
export function newToken(prefix = 'fl'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The public id of a token, shown in lists and used to revoke it. */
export function newTokenId(): string {
  return `tok_${randomBytes(9).toString('base64url')}`;
}

/** What the database keeps of a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as listed: everything but the token. */
export interface TokenInfo {
  id: string;
  userId: string;
  label: string;
  createdAt: string;
  /** null: never expires. */
  expiresAt: string | null;
  revokedAt: string | null;
}

const SELECT_INFO = `SELECT id, user_id AS "userId", label, created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt" FROM tokens`;

export class TokensTable {
  constructor(private readonly sql: SqlSession) {}

  /** Stores a token's hash for a user; resolves with its id. */
  async add(userId: string, token: string, options: { label?: string; expiresAt?: string | null; now?: Date } = {}): Promise<TokenInfo> {
    const info: TokenInfo = {
      id: newTokenId(),
      userId,
      label: options.label ?? '',
      createdAt: (options.now ?? new Date()).toISOString(),
      expiresAt: options.expiresAt ?? null,
      revokedAt: null,
    };
    await this.sql.run('INSERT INTO tokens (id, hash, user_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
      info.id,
      tokenHash(token),
      userId,
      info.label,
      info.createdAt,
      info.expiresAt,
    ]);
    return info;
  }

  /** The user id and token id of a token that is neither revoked nor expired at `now`. */
  valid(token: string, now = new Date()): Promise<{ userId: string; tokenId: string } | undefined> {
    // ISO 8601 UTC strings of one length sort as the times they name, in both databases.
    return this.sql.get(
      `SELECT user_id AS "userId", id AS "tokenId" FROM tokens WHERE hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
      [tokenHash(token), now.toISOString()],
    );
  }

  /** Revokes a token by its id; false when there is no such token or it was already revoked. */
  async revoke(id: string, now = new Date()): Promise<boolean> {
    return (await this.sql.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now.toISOString(), id])) === 1;
  }

  /** Every token (of one user, or of all), oldest first. */
  list(userId?: string): Promise<TokenInfo[]> {
    if (userId === undefined) return this.sql.all(`${SELECT_INFO} ORDER BY created_at, id`);
    return this.sql.all(`${SELECT_INFO} WHERE user_id = ? ORDER BY created_at, id`, [userId]);
  }
}

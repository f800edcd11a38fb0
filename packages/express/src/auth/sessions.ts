import { randomBytes } from 'node:crypto';
import type { Clock } from '@shopstream/kernel';
import { z } from 'zod';
import type { Caller, Role } from '../routing/route.js';
import { digest } from '../state/statePort.js';
import type { StatePort } from '../state/statePort.js';
import type { AccountStanding } from './standing.js';

export interface SessionOptions {
  /** A session idle this long ends. */
  readonly idleTimeoutMs: number;
  /** However active, a session ends this long after login. */
  readonly absoluteTimeoutMs: number;
}

export const defaultSessionOptions: SessionOptions = { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 };

const SESSIONS = 'http-session';
/** `<user digest>:<session digest>`, so a password change can end every session of a user. */
const USER_SESSIONS = 'http-user-session';

const StoredSession = z.object({
  userId: z.string(),
  roles: z.array(z.enum(['customer', 'admin', 'auditor'])),
  createdAt: z.number(),
  /** The account's version the roles were read at; absent in sessions opened before sessions followed accounts. */
  version: z.number().int().optional(),
});

export interface OpenedSession {
  readonly token: string;
  readonly expiresAt: string;
  readonly roles: readonly Role[];
}

export interface Sessions {
  /**
   * Opens a session with the account's roles as they stand, and returns its token: 256 random bits, shown once
   * and stored only as a SHA-256 digest. Undefined when the account is not open (closed since the password check).
   */
  open(userId: string): Promise<OpenedSession | undefined>;
  /**
   * The caller a token belongs to, renewing its idle timeout (sliding), or undefined. The session follows its
   * account: once the account changed, its roles are read again, and a closed account's session ends.
   */
  authenticate(token: string): Promise<Caller | undefined>;
  close(sessionId: string): Promise<void>;
  /** Ends every session of a user but, optionally, one (the one that changed the password). */
  closeAllOf(userId: string, except?: string): Promise<void>;
}

export const sessions = (state: StatePort, clock: Clock, standing: AccountStanding, options: SessionOptions = defaultSessionOptions): Sessions => {
  const ttlFor = (createdAt: number): number => Math.max(1, Math.min(options.idleTimeoutMs, createdAt + options.absoluteTimeoutMs - clock.now().getTime()));

  const close = async (sessionId: string): Promise<void> => {
    const entry = await state.get(SESSIONS, sessionId);
    await state.delete(SESSIONS, sessionId);
    const parsed = StoredSession.safeParse(entry?.value);
    if (parsed.success) await state.delete(USER_SESSIONS, `${digest(parsed.data.userId)}:${sessionId}`);
  };

  return {
    open: async (userId) => {
      const account = await standing.current(userId);
      if (!account.open) return undefined;
      const token = randomBytes(32).toString('base64url');
      const sessionId = digest(token);
      const createdAt = clock.now().getTime();
      const ttlMs = ttlFor(createdAt);
      await state.put(SESSIONS, sessionId, { userId, roles: [...account.roles], createdAt, version: account.version }, { ttlMs });
      await state.put(USER_SESSIONS, `${digest(userId)}:${sessionId}`, sessionId, { ttlMs: options.absoluteTimeoutMs });
      return { token, expiresAt: new Date(createdAt + ttlMs).toISOString(), roles: account.roles };
    },
    authenticate: async (token) => {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const sessionId = digest(token);
      const entry = await state.get(SESSIONS, sessionId);
      const parsed = StoredSession.safeParse(entry?.value);
      if (entry === null || !parsed.success) return undefined;
      const now = clock.now().getTime();
      if (now >= parsed.data.createdAt + options.absoluteTimeoutMs) {
        await close(sessionId);
        return undefined;
      }
      const { userId, createdAt } = parsed.data;
      const ttlMs = ttlFor(createdAt);
      // One cheap read a request; the account itself is read only when it changed since the session last looked.
      if ((await standing.version(userId)) !== parsed.data.version) {
        const account = await standing.current(userId);
        if (!account.open) {
          await close(sessionId);
          return undefined;
        }
        // Compare-and-set: a session closed meanwhile stays closed.
        await state.put(SESSIONS, sessionId, { userId, roles: [...account.roles], createdAt, version: account.version }, { ttlMs, ifVersion: entry.version });
        return { userId, roles: account.roles, sessionId };
      }
      // Renew only once half the idle window is used, so that a busy client does not write on every request.
      if (entry.expiresAt !== null && entry.expiresAt - now < options.idleTimeoutMs / 2) {
        await state.put(SESSIONS, sessionId, entry.value, { ttlMs, ifVersion: entry.version });
      }
      return { userId, roles: parsed.data.roles, sessionId };
    },
    close,
    closeAllOf: async (userId, except) => {
      const prefix = `${digest(userId)}:`;
      for (const entry of await state.list(USER_SESSIONS, { prefix })) {
        const sessionId = entry.key.slice(prefix.length);
        if (sessionId !== except) await close(sessionId);
      }
    },
  };
};

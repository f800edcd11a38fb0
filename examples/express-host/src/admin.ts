import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import { normaliseEmail } from '@shopstream/commerce/identity';
import type { Shop } from '@shopstream/sdk';

/** Who grants the first admin role: the host itself, since no admin exists yet to do it. */
export const BOOTSTRAP_GRANTOR = 'shopstream-host';

export interface AdminAccount {
  readonly userId: string;
  readonly email: string;
  /** Whether this start registered (or recovered) the account and granted the role. */
  readonly created: boolean;
}

export interface AdminBootstrap {
  readonly shop: Shop;
  readonly dataDir: string;
  readonly email: string;
  /** From the environment; when absent, one is generated at the first start and announced once. */
  readonly password: string | undefined;
  /** The last code the shop sent to a contact (the sandbox outbox, or the host's own notifier). */
  readonly codeSentTo: (contact: string) => string | null;
  /** Shows the generated credentials to the operator, once. */
  readonly announce: (lines: readonly string[]) => void;
}

/** Remembers which account the host made admin; no secret in it, only who. */
const Marker = z.strictObject({ userId: z.string().min(1), email: z.string().min(1) });
type Marker = z.output<typeof Marker>;
const markerPath = (dataDir: string) => join(dataDir, 'admin.json');

const readMarker = async (dataDir: string): Promise<Marker | null> => {
  try {
    const parsed = Marker.safeParse(JSON.parse(await readFile(markerPath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/** 144 random bits, URL-safe: strong, and easy to paste. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

const refused = (what: string, error: { readonly _tag: string }) => new Error(`admin bootstrap: ${what} was refused: ${JSON.stringify(error)}`);

const codeFor = (bootstrap: AdminBootstrap, contact: string, what: string): string => {
  const code = bootstrap.codeSentTo(contact);
  if (code === null) throw new Error(`admin bootstrap: no ${what} code reached ${contact}`);
  return code;
};

/** Registers the admin's email with the password and proves the email; when the email is taken, takes it back by a reset. */
const claimAccount = async (bootstrap: AdminBootstrap, email: string, password: string): Promise<string> => {
  const { shop } = bootstrap;
  const registered = await shop.identity.register({ contact: email, password });
  if (E.isRight(registered)) {
    const verified = await shop.identity.verifyContact(registered.right.userId, codeFor(bootstrap, email, 'verification'));
    if (E.isLeft(verified)) throw refused('verifying the admin email', verified.left);
    return registered.right.userId;
  }
  if (registered.left._tag !== 'ContactAlreadyRegistered') throw refused('registering the admin', registered.left);
  // Registered before, but the password is not the one we hold: a first start that crashed before it announced
  // the password, or a new SHOPSTREAM_ADMIN_PASSWORD. The reset code goes to the outbox the host reads.
  const requested = await shop.identity.requestPasswordReset({ contact: email });
  if (E.isLeft(requested)) throw refused('resetting the admin password', requested.left);
  const reset = await shop.identity.resetPassword({ contact: email, code: codeFor(bootstrap, email, 'reset'), newPassword: password });
  if (E.isLeft(reset)) throw refused('resetting the admin password', reset.left);
  return reset.right.userId;
};

const grantAdmin = async (shop: Shop, userId: string) => {
  const granted = await shop.identity.grantRole(userId, 'admin', BOOTSTRAP_GRANTOR);
  if (E.isLeft(granted)) throw refused('granting the admin role', granted.left);
};

/**
 * Makes sure the shop has its admin. With SHOPSTREAM_ADMIN_PASSWORD the environment is the truth: the account
 * is made, or its password set, to match. Without it the first start generates a password and announces it once;
 * later starts find the account done (the `admin.json` marker) and say nothing. A role revoked by staff later is
 * left revoked unless the environment names the password.
 */
export const ensureAdmin = async (bootstrap: AdminBootstrap): Promise<AdminAccount> => {
  const { shop, dataDir, password } = bootstrap;
  const normalised = normaliseEmail(bootstrap.email);
  if (E.isLeft(normalised)) throw refused('the admin email', normalised.left);
  const email = normalised.right.value;
  const marker = await readMarker(dataDir);
  if (password === undefined && marker?.email === email) return { userId: marker.userId, email, created: false };
  if (password !== undefined) {
    const loggedIn = await shop.identity.logIn({ contact: email, password });
    if (E.isRight(loggedIn)) {
      if (!loggedIn.right.roles.includes('admin')) await grantAdmin(shop, loggedIn.right.userId);
      return { userId: loggedIn.right.userId, email, created: false };
    }
  }
  const secret = password ?? generatePassword();
  const userId = await claimAccount(bootstrap, email, secret);
  await grantAdmin(shop, userId);
  await writeFile(markerPath(dataDir), `${JSON.stringify({ userId, email } satisfies Marker)}\n`, { mode: 0o600 });
  if (password === undefined) {
    bootstrap.announce([
      'ShopStream admin account created. The password is shown this once; keep it now:',
      `  email:    ${email}`,
      `  password: ${secret}`,
      'Set SHOPSTREAM_ADMIN_PASSWORD to choose it yourself.',
    ]);
  }
  return { userId, email, created: true };
};

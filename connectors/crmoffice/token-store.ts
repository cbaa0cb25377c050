/**
 * The durable home of CRMOffice's rotating refresh token. Every refresh answers a new refresh token and the
 * used one stops working, so the newest one must outlive the worker: it is kept in a file in the connector's
 * state directory, readable by the owner only (mode 0600, directory 0700), and replaced atomically (a
 * temporary file in the same directory, fsync, rename, fsync of the directory): a crash leaves the old token
 * or the new one, never half a file.
 *
 * Several connector instances (in one worker or in several on one host) may share the file. Each refresh runs
 * under a lock (a lock file created exclusively; one held longer than a minute is taken as left by a dead
 * process) and reads the file afresh first, so that nobody refreshes with a token another instance has
 * already used.
 *
 * A refresh token given in the configuration takes over from the file when it is not the one the file's
 * lineage started from: the file records that configured token's SHA-256 (never the token itself), so a
 * restart with the same environment keeps using the rotated token, and a newly configured one is used at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AuthError } from '../errors';
import { CRMOFFICE_SYSTEM } from './errors';

const storedTokenSchema = z.object({
  refreshToken: z.string().min(1),
  /** SHA-256 (base64url) of the configured refresh token this one descends from; null when none was configured. */
  supersedes: z.string().nullable(),
  savedAt: z.string(),
});
export type StoredRefreshToken = z.infer<typeof storedTokenSchema>;

const LOCK_STALE_MS = 60_000;
const LOCK_WAIT_MS = 30_000;
const LOCK_POLL_MS = 25;

export const tokenFingerprint = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('base64url');

/** Refreshes in this process, per file: in-process callers queue here instead of polling the lock file. */
const inProcessQueues = new Map<string, Promise<unknown>>();

export class RefreshTokenStore {
  constructor(readonly file: string) {}

  /**
   * The file for one integration: the token URL and the client id pick it, so that pointing the worker at
   * another CRMOffice integration (or a sandbox) never uses a token of the previous one.
   */
  static forIntegration(stateDir: string, tokenUrl: string, clientId: string): RefreshTokenStore {
    const integration = createHash('sha256').update(`${tokenUrl}\n${clientId}`, 'utf8').digest('hex').slice(0, 16);
    return new RefreshTokenStore(path.join(stateDir, `crmoffice-${integration}.refresh-token.json`));
  }

  read(): StoredRefreshToken | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = storedTokenSchema.safeParse(json);
    if (!parsed.success) {
      throw new AuthError(
        `CRMOffice refresh-token file ${this.file} cannot be read; delete it and authorize linkflow again`,
        { system: CRMOFFICE_SYSTEM, code: 'token_file' },
      );
    }
    return parsed.data;
  }

  /** Replaces the stored token atomically, readable by the owner only. */
  write(refreshToken: string, supersedes: string | null): void {
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stored: StoredRefreshToken = { refreshToken, supersedes, savedAt: new Date().toISOString() };
    const temporary = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeFileSync(handle, `${JSON.stringify(stored)}\n`);
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    try {
      fs.renameSync(temporary, this.file);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    syncDirectory(dir);
  }

  /** Runs `work` while holding the refresh lock of this file (in this process and across processes). */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const previous = inProcessQueues.get(this.file) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.withFileLock(work));
    const settled = run.catch(() => undefined);
    inProcessQueues.set(this.file, settled);
    try {
      return await run;
    } finally {
      if (inProcessQueues.get(this.file) === settled) inProcessQueues.delete(this.file);
    }
  }

  private async withFileLock<T>(work: () => Promise<T>): Promise<T> {
    const lock = `${this.file}.lock`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        fs.closeSync(fs.openSync(lock, 'wx', 0o600));
        break;
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (isStale(lock)) {
          fs.rmSync(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new AuthError(`CRMOffice refresh-token lock ${lock} is held by another process for too long`, {
            system: CRMOFFICE_SYSTEM,
            code: 'token_lock',
          });
        }
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      }
    }
    try {
      return await work();
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch {
    return false;
  }
}

/** Makes the rename durable; some platforms cannot open a directory, which then only costs durability. */
function syncDirectory(dir: string): void {
  let handle: number | undefined;
  try {
    handle = fs.openSync(dir, 'r');
    fs.fsyncSync(handle);
  } catch {
    // Not supported here (e.g. Windows): the rename is still atomic.
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}

import { ErrorReply } from 'redis';
import type { RedisConnection } from './connection';
import { SCRIPTS, type LuaScript } from './scripts/index';

/**
 * Runs the store's Lua scripts by SHA. Redis forgets loaded scripts when it restarts (the
 * script cache is not in the AOF), so a NOSCRIPT reply reloads the script and tries once more;
 * NOSCRIPT means the script did not run, so the retry cannot apply anything twice.
 */
export class ScriptRunner {
  constructor(private readonly connection: RedisConnection) {}

  async loadAll(): Promise<void> {
    for (const script of Object.values(SCRIPTS)) await this.load(script);
  }

  async run(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const command = ['EVALSHA', script.sha1, String(keys.length), ...keys, ...args];
    try {
      return await this.connection.send(command);
    } catch (error) {
      if (!(error instanceof ErrorReply && error.message.startsWith('NOSCRIPT'))) throw error;
      await this.load(script);
      return this.connection.send(command);
    }
  }

  private async load(script: LuaScript): Promise<void> {
    const sha1 = await this.connection.send(['SCRIPT', 'LOAD', script.source]);
    if (sha1 !== script.sha1) throw new Error(`Redis hashed script ${script.name} as ${String(sha1)}, expected ${script.sha1}`);
  }
}

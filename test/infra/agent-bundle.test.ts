import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentBundleError, bundleAgent } from '../../infra/agent-bundle.ts';
import { FIXTURE_ENTRIES, TEMP_PREFIX } from './synth-nudge.ts';

const root = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

describe('bundleAgent', () => {
  it('produces byte-identical output in different folders, so an unchanged agent keeps its asset hash', () => {
    bundleAgent(FIXTURE_ENTRIES.agent, join(root, 'a'));
    bundleAgent(FIXTURE_ENTRIES.agent, join(root, 'b-with-a-longer-name'));
    const a = files(join(root, 'a'));
    expect(Object.keys(a)).toEqual(['main.js', 'main.js.map', 'package.json']);
    expect(files(join(root, 'b-with-a-longer-name'))).toEqual(a);
    // Everything but Node built-ins is inside the bundle: no import of a package left to resolve.
    expect(a['main.js']).toContain('node:http');
    expect(a['main.js']).not.toMatch(/(?:from|import)\s*["'](?!node:)[^"']+["']/);
  });

  it('replaces what an earlier build left in the folder', () => {
    const dir = join(root, 'reuse');
    bundleAgent(FIXTURE_ENTRIES.agent, dir);
    bundleAgent(FIXTURE_ENTRIES.agent, dir);
    expect(readdirSync(dir).sort()).toEqual(['main.js', 'main.js.map', 'package.json']);
  });

  it('reports an entry that does not build as an AgentBundleError naming the entry', () => {
    const missing = join(root, 'no-such-agent.ts');
    expect(() => bundleAgent(missing, join(root, 'bad'))).toThrow(AgentBundleError);
    expect(() => bundleAgent(missing, join(root, 'bad'))).toThrow(/no-such-agent\.ts/);
  });
});

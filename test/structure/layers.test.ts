import { describe, expect, it } from 'vitest';
import { cyclesOf, importCycles, importsOf, localImportsOf, sourceFiles } from '../support/import-graph.ts';

// The layers read schema -> core -> adapters -> runtimes (README "How it works"). eslint enforces the
// same rule while editing; this test keeps it in CI even if the lint config drifts.
const SDK = /^(@aws-sdk\/|@aws-lambda-powertools\/|grammy(\/|$)|hono(\/|$)|@hono\/|bedrock-agentcore(\/|$))/;
const OUTER_LAYER = /(^|\/)(adapters|handlers|agent|local|cli|infra|bench)\//;

describe('layers', () => {
  it('core/ imports no AWS SDK, Powertools, grammY or Hono, and nothing from adapters or runtimes', () => {
    // Prepare
    const files = sourceFiles(['core']);

    // Act
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => SDK.test(spec) || OUTER_LAYER.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(offending).toEqual([]);
  });

  it('schema/ imports nothing from core, adapters or runtimes', () => {
    const offending = sourceFiles(['schema']).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)(core|adapters|handlers|agent|local|cli|infra|bench)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );

    expect(offending).toEqual([]);
  });

  it('adapters/ import no runtime', () => {
    const offending = sourceFiles(['adapters']).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)(handlers|agent|local|cli|infra|bench)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );

    expect(offending).toEqual([]);
  });
});

describe('delivery', () => {
  it('claim -> send -> settle lives in core/delivery: it imports nothing of the sweeper, and the agent imports no sweeper code', () => {
    const offending = [...sourceFiles(['core/delivery']), ...sourceFiles(['agent'])].flatMap((file) =>
      localImportsOf(file)
        .filter((target) => target.startsWith('core/sweeper/'))
        .map((target) => `${file} imports ${target}`),
    );

    expect(offending).toEqual([]);
  });
});

describe('import cycles', () => {
  it('no two source files import each other, directly or through others', () => {
    // Prepare
    const files = sourceFiles(['schema', 'core', 'adapters', 'handlers', 'agent', 'local', 'cli', 'infra', 'bench', 'scripts']);

    // Act
    const cycles = importCycles(files);

    // Assess
    expect(cycles).toEqual([]);
  });

  it('the cycle finder reports a loop through three files and nothing else', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);

    expect(cyclesOf(edges)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});

/**
 * `platform simulate --lose <region>`: compiles the spec to its plan and prints what losing the region means
 * (synth/plan/simulate.ts). Parses arguments, calls the library, sets the exit code: 0 every objective holds,
 * 1 an objective would be missed (or the spec does not compile), 2 bad arguments.
 */
import { compile } from '../compile';
import { simulate, UnknownRegionError, type Simulation } from '../plan/simulate';
import { formatDiagnostics, suggest } from '../util/errors';
import { formatDuration } from '../util/units';
import type { Io } from './cli';
import { readSpec } from './read-spec';
import { SIMULATE_USAGE } from './usage';

export { SIMULATE_USAGE };

interface SimulateArgs {
  spec: string;
  lose?: string;
  format: 'text' | 'json';
}

function parse(argv: readonly string[]): SimulateArgs | string {
  const args: SimulateArgs = { spec: 'platform.spec.yaml', format: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if ((a === '--lose' || a === '--spec' || a === '--format') && (v === undefined || v.startsWith('--'))) return `${a} needs a value`;
    if (a === '--lose') args.lose = argv[++i];
    else if (a === '--spec') args.spec = argv[++i];
    else if (a === '--format') {
      const f = argv[++i];
      if (f !== 'text' && f !== 'json') return `--format ${f} is not supported by simulate (use text or json)`;
      args.format = f;
    } else return `unknown argument ${a}`;
  }
  if (!args.lose) return 'simulate needs --lose REGION';
  return args;
}

const yesNo = (b: boolean) => (b ? 'ok' : 'MISSED');

export function formatSimulation(s: Simulation): string {
  const out: string[] = [`Losing ${s.lost} (${s.role}${s.failoverRegion ? `, fails over to ${s.failoverRegion}` : ''})`, ''];
  if (s.services.length > 0) {
    out.push('Traffic and capacity:');
    for (const x of s.services) {
      const where = x.to ? `-> ${x.to}${x.target ? ` (${x.target})` : ''}` : '-> nowhere';
      out.push(`  ${x.service} [${x.tier}, ${x.strategy}] ${where}, ${x.how}: load ${x.rps} rps; capacity now ${x.capacityNow} rps, scaled ${x.capacityScaled} rps  ${yesNo(x.holds)}`);
    }
    out.push('');
  }
  if (s.pools) {
    out.push(`Node pools of ${s.pools.region}: ${(s.pools.maxMillis / 1000).toFixed(1)} vCPU at max for ${(s.pools.neededMillis / 1000).toFixed(1)} vCPU requested at full load  ${yesNo(s.pools.holds)}`, '');
  }
  if (s.data.length > 0) {
    out.push('Data (RPO of the region loss):');
    for (const d of s.data) out.push(`  ${d.dataClass}: ${d.rpoSeconds === undefined ? 'not recoverable outside the region' : formatDuration(d.rpoSeconds)} (${d.mechanism}); objective ${formatDuration(d.targetSeconds)}${d.rpoSeconds !== undefined && d.rpoSeconds > d.targetSeconds && d.holds ? ' (a zone-loss objective: synchronous storage in the region)' : ''}  ${yesNo(d.holds)}`);
    out.push('');
  }
  out.push(`Runbooks: ${s.runbooks.length > 0 ? s.runbooks.join(', ') : 'none'}`, '');
  if (s.tiers.length > 0) {
    out.push('Expected RTO per tier:');
    for (const t of s.tiers) out.push(`  ${t.tier} (${t.strategy}): ${formatDuration(t.rtoSeconds)} of ${formatDuration(t.targetSeconds)}  ${yesNo(t.holds)}`);
    out.push('');
  }
  for (const n of s.notes) out.push(`Note: ${n}`);
  out.push(s.missed.length === 0 ? 'Every objective holds.' : `Objectives missed (${s.missed.length}):`);
  for (const m of s.missed) out.push(`  - ${m}`);
  return out.join('\n') + '\n';
}

export function runSimulate(argv: readonly string[], io: Io): number {
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(`platform: ${args}\n${SIMULATE_USAGE}`);
    return 2;
  }
  const read = readSpec(args.spec);
  if (read.diagnostic) {
    io.err(formatDiagnostics([read.diagnostic], { color: false }));
    return 1;
  }
  const result = compile(args.spec, read.text!, 'plan');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !result.plan) {
    io.err(formatDiagnostics(result.diagnostics, { color: false }));
    return 1;
  }
  try {
    const sim = simulate(result.plan, args.lose!);
    io.out(args.format === 'json' ? JSON.stringify(sim, null, 2) + '\n' : formatSimulation(sim));
    return sim.missed.length > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UnknownRegionError) {
      const hint = suggest(e.region, e.known);
      io.err(`platform: ${e.message}${hint ? `; did you mean ${hint}?` : ''}\n`);
      return 2;
    }
    throw e;
  }
}

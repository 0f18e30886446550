/** The CI workflow runs the review the way the CLI expects it: same comment marker, real flags, one comment. */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { DIFF_USAGE } from '../../synth/cli/diff-command';
import { COMMENT_MARKER } from '../../synth/review/render';
import { ROOT } from '../helpers/reference';

const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'platform.yml'), 'utf8'));
const runs = (job: string): string => workflow.jobs[job].steps.map((s: { run?: string; with?: { script?: string } }) => `${s.run ?? ''}\n${s.with?.script ?? ''}`).join('\n');

describe('.github/workflows/platform.yml', () => {
  test('GIVEN a pull request WHEN the workflow runs THEN it validates, checks dist/ and comments the markdown diff against the base branch', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    expect(runs('check')).toContain('npm ci');
    expect(runs('check')).toContain('platform.js validate');
    expect(runs('check')).toContain('platform.js synth --check');
    expect(runs('comment')).toContain('diff --base "origin/$BASE_REF" --format markdown');
  });

  test('GIVEN the comment step WHEN it looks for its comment THEN it uses the marker the markdown starts with, and updates instead of adding', () => {
    const script = runs('comment');
    expect(script).toContain(`const marker = '${COMMENT_MARKER}'`);
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
    expect(workflow.jobs.comment.permissions['pull-requests']).toBe('write');
  });

  test('GIVEN the risk job WHEN it runs THEN it fails on unaccepted risks, reading accepts from the PR description (passed through env, never interpolated into the script)', () => {
    const script = runs('risk');
    expect(script).toContain('--fail-on-risk --accept-file pr-description.md');
    expect(script).not.toContain('${{');
    expect(workflow.on.pull_request.types).toContain('edited');
    for (const flag of ['--fail-on-risk', '--accept-file', '--base', '--format']) expect(DIFF_USAGE).toContain(flag);
  });

  test('GIVEN a push to main WHEN the workflow runs THEN a job lists the changed stacks in apply order', () => {
    expect(workflow.jobs['apply-order'].if).toBe("github.event_name == 'push'");
    expect(runs('apply-order')).toContain('--format json');
    expect(runs('apply-order')).toContain('r.applyOrder');
  });
});

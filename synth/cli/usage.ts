/**
 * The usage texts of the commands `platform --help` lists, apart from the commands themselves: cli.ts prints them
 * without loading the commands (and what they load).
 */
export const DIFF_USAGE = `  platform diff     [--spec FILE] [--base GIT-REF | --against DIR|FILE] [--format text|markdown|json]
                    [--fail-on-risk] [--accept CODE:RESOURCE ...] [--accept-file FILE]

  --base GIT-REF   compare with the spec at this commit (git show REF:./FILE; default HEAD)
  --against PATH   compare with the spec in this directory (same relative path) or this file
  --fail-on-risk   exit 2 when a risk is flagged that no acceptance covers
  --accept         accept one risk (CODE:RESOURCE, * matches any text); repeatable
  --accept-file    read \`# platform: accept <code> <resource>\` lines from FILE (e.g. the PR description)
`;

export const SIMULATE_USAGE = `  platform simulate --lose REGION [--spec FILE] [--format text|json]
                    what losing REGION means: traffic, capacity, RPO per data class, runbooks, RTO per tier
                    (exit 1 when an objective would be missed)
`;

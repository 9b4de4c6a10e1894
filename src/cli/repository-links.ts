/**
 * Where a report can link a file: `--repository-url` (the files' base URL at this revision), else
 * what the CI says — GitHub Actions (`GITHUB_SERVER_URL`/`GITHUB_REPOSITORY`/`GITHUB_SHA`), GitLab
 * CI (`CI_PROJECT_URL`/`CI_COMMIT_SHA`), Gitea/Forgejo Actions (the GITHUB_* names too). Paths are
 * appended as the repository sees them (ReportData.pathPrefix), lines as `#L<n>`.
 */
import { UsageError } from '../util/errors.js';
import type { RepositoryLinks } from '../report/types.js';

export function repositoryLinks(option: string | undefined, env: NodeJS.ProcessEnv = process.env): RepositoryLinks | undefined {
  if (option !== undefined) {
    let url: URL;
    try {
      url = new URL(option);
    } catch {
      throw new UsageError(`--repository-url ${option}: not a URL; expected the base URL of the files at this revision (https://github.com/o/r/blob/<sha>)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--repository-url ${option}: expected an http(s) URL`);
    return { fileBase: withSlash(url.href), lineAnchor: '#L' };
  }
  const sha = env.GITHUB_SHA;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && sha && /^[0-9a-f]{7,64}$/i.test(sha)) {
    return { fileBase: `${withSlash(env.GITHUB_SERVER_URL)}${env.GITHUB_REPOSITORY}/blob/${sha}/`, lineAnchor: '#L' };
  }
  if (env.CI_PROJECT_URL && env.CI_COMMIT_SHA && /^[0-9a-f]{7,64}$/i.test(env.CI_COMMIT_SHA)) {
    return { fileBase: `${withSlash(env.CI_PROJECT_URL)}-/blob/${env.CI_COMMIT_SHA}/`, lineAnchor: '#L' };
  }
  return undefined;
}

function withSlash(s: string): string {
  return s.endsWith('/') ? s : `${s}/`;
}

/** An error the user can fix (bad option, bad config, missing path): one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

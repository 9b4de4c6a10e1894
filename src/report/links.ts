/** Where the tool and its rule docs live, for SARIF `informationUri`/`helpUri` and the CLI. */
export const TOOL_INFORMATION_URI = 'https://github.com/ssot-lint/ssot-lint';

export function ruleHelpUri(ruleId: string): string {
  return `${TOOL_INFORMATION_URI}/blob/main/docs/rules/${ruleId}.md`;
}

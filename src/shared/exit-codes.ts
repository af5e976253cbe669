/** The one table of exit codes (documented in README "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** A check ran and said no: a denied policy check, a failed gate, a failed verification. */
  failure: 1,
  /** Bad command-line usage. */
  usage: 2,
  /** The fleet file (or another bosun config) is missing or invalid. */
  config: 3,
  /** The environment is not usable: not a git repository, a harness not found, a database unreadable. */
  environment: 4,
  /** A bug in bosun: an unexpected exception. */
  internal: 70,
} as const;

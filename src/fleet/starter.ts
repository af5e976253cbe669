/** The fleet file `bosun init` writes. `parse.test.ts` checks that it validates. */
export const STARTER_FLEET_YAML = `# bosun fleet: who may read, edit and run what in this repository.
# Check it with \`bosun fleet validate\`; see the resolved result with \`bosun fleet show\`.
# Editor completion: \`bosun schema > .bosun/fleet.schema.json\`, then put this line first:
#   # yaml-language-server: $schema=fleet.schema.json
version: 1

# The agent a session runs as when it names none (BOSUN_AGENT or the harness's subagent name pick others).
default_agent: lead
# The only agent that may change this file and the hook wiring.
steward: fleet-steward

# Named commands that stop verification and gates run.
checks:
  test: npm test

agents:
  lead:
    role: Tech lead. Plans, implements and integrates.
    autonomy: review            # plan-only | review | auto-apply
    read: ["**"]
    edit: ["src/**", "test/**", "docs/**", "README.md", "package.json", "package-lock.json"]
    # "@read-only" allows every command bosun knows to be read-only (ls, cat, grep, git show, ...).
    run:
      - "@read-only"
      - "npm *"
      - "node *"
      - "git status"
      - "git diff *"
      - "git log *"
      - "git add *"
      - "git commit *"
      # memory: record lessons, pay memory debts, read memory and shared lessons
      - "bosun lesson *"
      - "npx bosun lesson *"
      - "bosun lessons search *"
      - "npx bosun lessons search *"

  reviewer:
    role: Reviews changes and reports findings. Reads everything, edits nothing.
    autonomy: plan-only
    edit: []
    run: ["@read-only", "npm audit *"]

  fleet-steward:
    role: Maintains the fleet definition and the agents' harness configuration.
    autonomy: review
    edit: [".bosun/fleet.yaml", ".claude/agents/**"]
    run: ["@read-only"]

# Paths only the listed agents may edit, for example:
#   "db/migrations/**": [lead]
aliases:                        # Claude Code's built-in subagents, scoped as fleet agents
  Explore: reviewer
  Plan: reviewer
  general-purpose: lead

ownership: {}

protected:
  sacred: []                    # tests no agent may change; a human re-locks them (\`bosun sacred lock\`)
  human_review: []              # high-blast-radius paths whose changes need a human

memory:
  budget: { lines: 150, bytes: 20000 }
  core: []                      # an edit here asks the agent to update memory
  closeout: ask                 # ask | off: a checklist for new lessons when a session that edited files stops
  share: true                   # lessons travel to your other workspaces (\`bosun lessons sync\`)

policy:
  unknown_command: deny         # deny | ask: commands whose effects bosun cannot determine
  outside_repo_edit: []         # absolute globs outside the repo agents may write
`;

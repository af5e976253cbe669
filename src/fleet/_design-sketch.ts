/** Test fixture: the fleet sketch from DESIGN.md ("Fleet file"), verbatim. It must stay valid. */
export const DESIGN_SKETCH_YAML = `version: 1
default_agent: lead            # profile of a session that names no agent
steward: fleet-steward         # the only agent that may edit fleet config and hook wiring
checks:                        # named commands used by stop verification and gates
  test: npm test
  typecheck: npx tsc --noEmit
agents:
  lead:
    role: Tech lead. Plans, implements and integrates.
    autonomy: review           # plan-only | review | auto-apply
    read: ["**"]
    edit: ["src/**", "test/**", "docs/**"]
    run: ["npm *", "git status", "git diff *", "git log *"]
  security-auditor:
    role: Finds vulnerabilities. Reads everything, edits nothing; produces findings.
    autonomy: plan-only
    edit: []
    run: ["npm audit *", "git log *", "grep *", "rg *"]
  database-engineer:
    role: Owns the schema and migrations.
    edit: ["db/**", "src/db/**"]
  fleet-steward:
    role: Maintains the fleet definition.
    edit: [".bosun/fleet.yaml", ".claude/agents/**"]
ownership:                     # only these agents may edit these paths
  "db/migrations/**": [database-engineer]
protected:
  sacred: ["test/billing/**"]  # no agent may change these; a human re-locks them
  human_review: ["db/migrations/**", "src/auth/**", "src/payments/**"]
memory:
  budget: { lines: 150, bytes: 20000 }
  core: ["src/db/schema.ts"]   # an edit here asks the agent to update memory
`;

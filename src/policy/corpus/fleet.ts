/** The fleet the regression corpus is evaluated against (the DESIGN.md sketch, with wide run lists). */
export const CORPUS_FLEET = `
version: 1
default_agent: lead
steward: fleet-steward
checks:
  test: npm test
agents:
  lead:
    role: Tech lead.
    autonomy: review
    edit: ["src/**", "test/**", "docs/**"]
    run: ["@read-only", "npm *", "git *", "node *", "cp *", "mv *", "rm *", "mkdir *", "touch *", "sed *", "tee *",
          "bash *", "sh *", "python3 *", "find *", "xargs *", "tar *", "curl *", "wget *", "chmod *", "ln *", "dd *",
          "perl *", "npx *", "make *", "unzip *", "truncate *", "install *", "patch *", "rsync *", "eval *"]
  security-auditor:
    role: Finds vulnerabilities.
    autonomy: plan-only
    edit: []
    run: ["@read-only", "npm audit *", "git log *", "grep *", "rg *", "python3 *", "node *", "make *", "npm *"]
  database-engineer:
    role: Owns the schema and migrations.
    edit: ["db/**", "src/db/**"]
    run: ["@read-only", "npm *", "psql *", "cp *", "rm *"]
  fleet-steward:
    role: Maintains the fleet definition.
    edit: [".bosun/fleet.yaml", ".claude/**"]
    run: ["@read-only", "git *", "sed *"]
  janitor:
    role: Cleans everything.
    autonomy: auto-apply
    edit: ["**"]
    run: ["@read-only", "python3 *", "node *", "rm *"]
aliases:
  Explore: security-auditor
  general-purpose: lead
ownership:
  "db/migrations/**": [database-engineer]
protected:
  sacred: ["test/billing/**"]
  human_review: ["db/migrations/**", "src/auth/**"]
policy:
  outside_repo_edit: ["/var/cache/acme/**"]
`;

import type { Claim } from './types.ts';

/**
 * The words claims are made of, matched against lower-cased prose (see `claims-text.ts` for the
 * tokens `testcmd`, `passmark`, `failmark` …). Check claims are a topic ("the tests", "lint")
 * with a predicate ("pass", "is clean"); the other kinds are whole phrases.
 */
export type Kind = Claim['kind'];
export type CheckKind = 'tests-pass' | 'build-clean' | 'typecheck-clean' | 'lint-clean' | 'ci-green';

/** Rewrites done before matching, so that positive negations ("no errors") are not taken for negations. */
export const PREMASK: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  [/’/g, "'"],
  [/\bno longer (?:fail|crash|error|throw|hang|break|flake|time)\w*|\b(?:does|do|did)(?:n't| not) (?:fail|crash|error|throw|hang|break)\w* any ?more\b/g, ' nolongerfails '],
  [/\bnone of (?:the )?(?:\w+ )?(tests|specs|checks) (?:fail|failed|fails)\b(?: any ?more)?/g, ' all $1 pass '],
  [/\b(\d+)\s*\/\s*(\d+)\b|\b(\d+) of (?:the )?(\d+)\b/g, (_m, a, b, c, d) => ((a ?? c) === (b ?? d) ? ' all ' : ' some ')],
  [
    /\b(?:0|zero|no)\s+(?:(new|remaining|type|typescript|tsc|lint|linting|linter|eslint|build|compile|compilation|compiler|test|tests)\s+)?(?:errors?|warnings?|failures?|failed|failing|issues|problems|complaints|regressions|diagnostics)\b/g,
    (_m, w = '') =>
      /^(?:type|typescript|tsc)$/.test(w) ? ' typetopic noerr ' : /^lint|^eslint/.test(w) ? ' linttopic noerr ' : /^(?:build|comp)/.test(w) ? ' buildtopic noerr ' : /^test/.test(w) ? ' tests noerr ' : ' noerr ',
  ],
  [/\bwithout (?:any )?(?:errors|warnings|failures|issues|problems)\b|\b(?:nothing|none) (?:failed|failing|fails)\b/g, ' noerr '],
  [/\b(\d+) (passing|passed|pass|failing|failed|fail)\b/g, ' $1 tests $2 '],
];

/** Topics of check claims. `ci` comes first so that "checks on the PR" is CI, bare "checks" tests. */
export const TOPICS: Array<[CheckKind, RegExp]> = [
  ['ci-green', /\b(?:ci(?: checks?| pipeline| build| runs?| jobs?)?|(?:the )?pipeline|github actions|(?:pr|status|required) checks|workflows?)\b/g],
  ['typecheck-clean', /\b(?:type[- ]?check(?:s|ing|er)?|typetopic|tsccmd|tsc|mypy|pyright|typescript|types check|types(?=\s*(?::|passmark)))\b/g],
  ['lint-clean', /\b(?:lint(?:s|er|ers|ing)?|linttopic|lintcmd|eslint|ruff|flake8|clippy|pylint|biome|golangci-lint|rubocop|prettier)\b/g],
  ['build-clean', /\b(?:builds?|buildtopic|buildcmd|compil(?:e|es|ed|ation)|bundle)\b/g],
  ['tests-pass', /\b(?:test(?:s| suites?| run)?|testcmd|suites?|specs?|testing|npm test|pytest|jest|vitest|mocha|go test|cargo test|(?<=\b(?:all|the|all the) )checks|^checks)\b/g],
];

/** Predicates that say a check came out well. */
export const PRED = /\b(?:pass(?:es|ed|ing)?|green|clean(?:ly)?|succeed(?:s|ed)?|success(?:ful(?:ly)?)?|passmark|noerr|nolongerfails|ok(?:ay)?|all good|fine|happy|exit(?:s|ed)? (?:with )?(?:code |status )?0)\b/g;
/** Bare predicates that, with no topic in sight, mean the tests. */
export const BARE_TESTS = /^(?:pass(?:es|ed|ing)?|green)$/;
/** What may stand between a clause's start and a bare predicate ("— they all pass now"). */
export const FILLER = /^(?:[\s:,.()-]|\b(?:and|so|now|they|them|it|all|both|everything|each|of|the|remaining|still|also|are|is|were|was|results?|status|\d+|tests|locally|here|again)\b)*$/;
/** What may stand between a predicate and the topic it comes before ("passing all 42 tests", "✅ build"). */
export const LEADIN = /^(?:[\s:,()-]|\b(?:all|the|of|\d+|my|new|existing|full|whole|entire|unit|integration|e2e|ran|run|executed|completed|on|for|with)\b)*$/;
/** What may separate topics in one subject ("lint, typecheck and tests pass"). */
export const LIST_SEP = /^(?:[\s,/&+]|\b(?:and|or|plus|the|all|as well as)\b)*$/;
/** After a predicate: the claim is about CI. */
export const ON_CI = /^\s*(?:on|in)\s+(?:the\s+)?(?:ci|pr|pull request|github(?: actions)?)\b/;

/** Words that negate a statement, or narrow "all" to part ("everything else passes"). `some` comes from "8/10". */
export const NEG = /\b(?:not|never|no|none|nothing|cannot|unable|neither|nor|without|some|hardly|barely|else|the rest|all other)\b|n't\b|\bfailed to\b|\byet to\b|\bno longer\b/;
/** Failure words: a check topic with these (outside a fix) did not come out well. */
export const FAIL = /\b(?:fail(?:s|ed|ing|ures?)?|broken|break(?:s|ing)?|red|errors?|failmark|crash(?:es|ed|ing)?|flaky|regress(?:ed|ions?(?! tests?))?|timed? out|hangs?|hanging|\d+ (?:issues|problems))\b/;
/** Verbs of running or passing: with a negation they make a negative statement about the topic. */
export const RUN_VERB = /\b(?:run|ran|running|rerun|re-run|execute[ds]?|verif(?:y|ied)|check(?:ed)?|confirm(?:ed)?|test(?:ed)?|pass\w*|green|clean|succeed\w*|compile[sd]?|build|built|get|got|finish(?:ed)?|complete[sd]?)\b/;
/** Fix verbs: failure words after them are their object ("fixed the failing test"). */
export const FIX_VERB = /\b(?:fix(?:ed|es)?|resolv(?:ed|es)|repair(?:ed|s)?|correct(?:ed|s)|patch(?:ed|es)?|address(?:ed|es))\b/;
/** The statement is about the past, before the change ("previously 3 tests failed"). */
export const PAST = /\b(?:previously|before (?:my|the|this) (?:change|fix|patch)|used to|earlier|originally|had been|were failing|was failing|were broken|was broken)\b/;

export const HEDGE = /\b(?:should|probably|likely|i believe|i think|i expect|hopefully|seems?|appears?|presumably|in theory|supposedly|ought to|might|may|i assume|i guess|as far as i can tell|afaict|pretty sure|fairly sure|believe)\b/;
/** Before a claim: it is a condition, not a fact ("once CI is green"). "when I ran …" is a fact. */
export const COND = /\b(?:if|unless|once|until|as soon as|whenever|provided|assuming|in case|whether)\b|\bwhen\b(?! (?:i|we) (?:re-?)?(?:ran|run|tested|checked|executed))/;
/** Before a claim or between its topic and predicate: it has not happened yet. */
export const FUTURE = /\b(?:will|would|going to|gonna|needs? to|have to|has to|must|could|to be|yet to|remains to|plans? to|want to|intend to|next|expect(?:ed)? to|supposed to)\b|'ll\b|'d\b/;
/** A request or advice, not a report. */
export const IMPERATIVE_START = /^(?:(?:please|then|now|also|next|just|finally),?\s+)*(?:run|re-?run|make sure|ensure|check|verify|confirm|try|let's|go ahead|remember|don't forget|be sure|double-check|feel free|consider|merge|deploy|wait|rerun|execute)\b/;
export const ADVICE = /\b(?:you|we) (?:should|can|could|may|might|need to|must|will|have to|want to)\b|\byou'll\b|\bi(?:'d| would) (?:recommend|suggest)\b|\bi (?:suggest|recommend)\b|\bplease\b|\bto (?:verify|confirm|check|ensure|make sure|see|get|make)\b|\bin order to\b|\bso that\b|\bcan be\b|\bready to\b|\blet me know\b/;

/** Work left: a done or fixed claim in the same sentence is only partial. */
export const INCOMPLETE = /\b(?:so far|partial(?:ly)?|remain(?:s|ing)?|still (?:need|needs|have|has|to|todo|working|in progress|pending|missing|left|there|present|happening|occurs|reproduces|an issue|a problem)|left to do|not (?:yet )?(?:done|finished|complete|implemented)|in progress|wip|todo|pending|follow-?up|blocked|incomplete|unfinished|next steps?|the other \d+|some|except|other than|apart from|for now)\b/;

/** A sentence that opens a list of what is left: the message's "done" is partial. */
export const LEFTOVER = /^(?:remaining(?: work| tasks| items)?|todo|to do|still to do|left to do|what's left|not yet done|outstanding(?: work| items)?|open items|known issues)\b/;

/** Where a sentence splits into clauses; the captured word says how the next clause relates. */
export const CLAUSE_BREAK =
  /\s*;\s*|,?\s+(but|however|although|though|whereas|except|apart from|other than|while)\b,?|,\s+(?:which|so|and then|then)\b|\s+[—–]\s+|\s+-\s+|\s+\|\s+|,\s+and\s+(?=(?:i|i've|i'm|we|we've|it|it's|they|them|then|everything|all)\b)|\s+and\s+(?=(?:i|i've|i'm|we|we've|they)\b)/;

/** Whole-phrase claims. `done` phrases are not read in headings ("## Done" labels a section). */
export const PHRASES: Array<[Kind, RegExp]> = [
  ['done', /^(?:passmark\s+)?(?:all\s+)?(?:done|finished|complete|completed|all set|that's it|that's all)\s*[.!]*$/],
  ['done', /\b(?:i'm|i am|we're|we are)\s+(?:all\s+)?(?:done|finished)\b|\ball (?:done|set|finished|complete)\b/],
  ['done', /\b(?:is|are|has been|have been|was|were)\s+(?:now\s+|fully\s+|all\s+|successfully\s+|finally\s+)*(?:done|complete|completed|finished|implemented|in place)\b(?!\s+(?:in|by|via|with|through|using|on|at|inside|when|before|after)\b)/],
  ['done', /\b(?:implementation|task|work|feature|migration|refactor(?:ing)?|setup|port|rewrite|changes?)\s+(?:complete|completed|done|finished)\b/],
  ['done', /\bready (?:for|to) (?:your )?(?:review|merge|be merged|ship|release|testing|qa)\b|\bgood to go\b|\bwrapped up\b|\b(?:this|that) (?:completes|finishes|wraps up)\b/],
  ['done', /^(?:(?:i|we)(?:'ve| have)?\s+)?(?:now\s+|also\s+|successfully\s+|fully\s+)*(?:implemented|completed|finished)\b/],
  ['done', /\b(?:i|we)(?:'ve| have)\s+(?:now\s+)?(?:done|finished|completed|implemented)\s+(?:the|all|everything|it|this|that|what)\b|\bsuccessfully (?:implemented|completed)\b/],
  ['done', /\b(?:acceptance criteria|requirements)\s+(?:are|have been)\s+(?:all\s+)?(?:met|satisfied|fulfilled)\b/],
  ['done', /\b(?:all|the)\s+(?:requested\s+)?changes\s+(?:have been|are)\s+(?:made|applied|implemented)\b|\baddressed (?:all|the|every|each) (?:\w+ )?(?:comments|feedback|suggestions)\b/],
  ['fixed', /(?<!conflicts )\b(?:fixed|resolved|repaired|corrected|patched)\b(?!\s+(?:the\s+|all\s+)?(?:merge\s+)?conflicts)(?!-)(?!\s+(?:number|amount|point|size|width|height|length|version|price|set|list|position|string|value|seed|interval|delay|timeout|rate|costs?|format|window|offset|header|column|layout|at|to)\b)/],
  ['fixed', /\baddressed (?:the |all |both |your |each )?(?:issue|bug|problem|crash|error|regression)s?\b/],
  ['fixed', /\b(?:this|it|the (?:change|commit|pr|patch|fix|update))\s+(?:now\s+)?(?:fixes|resolves|addresses|closes)\b|\b(?:fixes|resolves|closes)\s+#\d+|\b(?:this|it|that|the (?:change|commit|pr|patch|fix|update))\s+(?:should|ought to|might|probably)\s+(?:now\s+|also\s+)?(?:fix|resolve|address)\b/],
  ['fixed', /\b(?:the\s+)?fix\s+(?:is|has been|was)\s+(?:now\s+)?(?:in place|applied)\b|\bapplied (?:a|the) fix\b|\b(?:issue|bug|problem|error|crash|regression)\s+(?:is|has been|was)\s+(?:now\s+)?gone\b/],
  ['fixed', /^(?:it|this|everything) works[.!]*$|\bnow works?\b|\bworks? (?:now|again|correctly|properly|as expected)\b|\bshould (?:now )?work\b|\b(?:is|are) (?:now )?working\b|\bnolongerfails\b|\binstead of (?:crashing|failing|throwing|hanging)\b/],
  ['deployed', /\b(?:deployed|shipped|released|rolled out|pushed)\b[^.]{0,40}?\bto\s+(?:staging|production|prod|dev|preview|vercel|netlify|heroku|fly(?:\.io)?|cloudflare|aws|gcp|kubernetes|k8s|the (?:\w+\s+)?(?:environment|cluster|server|app store))\b/],
  ['deployed', /\b(?:is|are|has been|have been|was|were|got)\s+(?:now\s+|successfully\s+)?deployed\b|^(?:(?:i|we)(?:'ve| have)?\s+)?deployed\b/],
  ['deployed', /\b(?:it's|it is|(?:is|are)(?: now)?|went|gone)\s+live\b(?!\s+(?:in (?!prod|production|staging)|reload|preview|editing|server|mode|data|stream|coding|share)\b)/],
  ['deployed', /\b(?:deploy(?:ment)?|rollout|release)(?:\s+to\s+\w+)?\s+(?:(?:appears|seems) to have\s+)?(?:succeeded|was successful|is complete|completed|finished|went through|is done|is live)\b/],
  ['merged', /\b(?:squash-?|rebase-?)?merged\b(?!\s+(?:main|master|develop|origin\/\S+|upstream\S*|the latest\s+\S+)\s+into\b)[^.]{0,40}?\b(?:into|to|onto)\s+(?:main|master|develop|trunk|the (?:main|master|default|base|release) branch)\b/],
  ['merged', /\b(?:pr|pull request|mr|merge request|branch|it|changes)\s*(?:\(?#\d+\)?\s+)?(?:is\s+|was\s+|has been\s+|have been\s+|got\s+|now\s+)?(?:now\s+|successfully\s+)?(?:squash-?)?merged\b/],
  ['merged', /\b(?:it's|that's)\s+(?:now\s+)?merged\b|^(?:(?:i|we)(?:'ve| have)?\s+)?(?:squash-?)?merged\s+(?:the\s+)?(?:pr|pull request|mr|branch|it|#\d+)\b|\blanded (?:on|in) (?:main|master|trunk)\b/],
  ['ci-green', /\b(?:pr|pull request)\s+(?:is\s+|is now\s+|looks\s+)green\b/],
  ['build-clean', /\b(?:it|code|project|everything|crate|app|package|now)\s+(?:now\s+)?(?:compiles|builds)\b(?!\s+(?:with|and)\s)/],
  ['typecheck-clean', /\b(?:it|code|project|everything|now)\s+(?:now\s+)?type-?checks\b/],
];

/** Staged type-check and per-glob pre-commit commands; `gate ci` (issue 5 §1, §5). */
export {};

/** Stands for text bosun cannot know (an unknown variable, `$(…)`, `$((…))`, arguments xargs adds). */
export const DYN = '\u0000';

/** Stands for a path found by `find`/`fd` under one of its search roots (`{}` in `-exec`). */
export const FOUND = '\u0001';

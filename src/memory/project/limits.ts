/** Longest lesson text accepted on add (and flagged by lint): anything longer belongs in a topic file. */
export const MAX_TEXT = 300;

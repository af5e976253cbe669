/** Close-out: transcript mining, candidate inbox, review (issue 4 §4). */
export {};

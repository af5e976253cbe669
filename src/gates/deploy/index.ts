/** The deploy pipeline: ci, backup, counts, run, verify, smoke (issue 5 §4). */
export {};

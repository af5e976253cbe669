/** Human review of protected.human_review paths (issue 5 §2). */
export {};

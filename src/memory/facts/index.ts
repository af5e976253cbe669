/** The facts vault (issue 4 §5). */
export {};

/** CI status providers: github, gitlab, local (issue 5 §3). */
export {};

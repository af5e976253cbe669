/** A CLI command module: parses its flags, calls one library function, renders. Returns the exit code. */
export interface CommandModule {
  run(args: string[]): Promise<number>;
}

/**
 * The finding id a command was given. Code lenses pass it as the only argument; anything else
 * (a keybinding with no argument, a stray object) is refused rather than guessed.
 */
export function findingIdArgument(arg: unknown): string | undefined {
  return typeof arg === 'string' && arg.trim() !== '' ? arg : undefined;
}

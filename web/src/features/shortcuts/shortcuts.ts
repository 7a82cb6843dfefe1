/** What a keyboard shortcut does in the room. */
export type ShortcutAction =
  | 'acknowledge'
  | 'dispatch'
  | 'focusNotes'
  | 'assignUnit'
  | 'requestSupport'
  | 'next'
  | 'previous'
  | 'cycleTimeWindow'
  | 'close'
  | 'help'
  | 'leaveField';

/** The shortcuts the help overlay lists, in its order, with the keys shown for each. */
export const SHORTCUTS: readonly { keys: readonly string[]; action: ShortcutAction }[] = [
  { keys: ['J'], action: 'next' },
  { keys: ['K'], action: 'previous' },
  { keys: ['A'], action: 'acknowledge' },
  { keys: ['D'], action: 'dispatch' },
  { keys: ['N'], action: 'focusNotes' },
  { keys: ['U'], action: 'assignUnit' },
  { keys: ['S'], action: 'requestSupport' },
  { keys: ['T'], action: 'cycleTimeWindow' },
  { keys: ['Esc'], action: 'close' },
  { keys: ['?'], action: 'help' },
];

/**
 * Letter keys by physical position (`KeyboardEvent.code`), so they work the same on an Arabic
 * keyboard layout, where the key marked A types ش.
 */
const BY_CODE: Readonly<Record<string, ShortcutAction>> = {
  KeyJ: 'next',
  KeyK: 'previous',
  KeyA: 'acknowledge',
  KeyD: 'dispatch',
  KeyN: 'focusNotes',
  KeyU: 'assignUnit',
  KeyS: 'requestSupport',
  KeyT: 'cycleTimeWindow',
};

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyInput {
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Whether the key went to a text field (see `isTypingTarget`). */
  isTyping: boolean;
}

/**
 * The action of a key press, or null. Keys typed into a field are the field's, except Escape,
 * which leaves the field; keys with Ctrl, Alt or Cmd are the browser's.
 */
export function shortcutFor(input: KeyInput): ShortcutAction | null {
  if (input.key === 'Escape') return input.isTyping ? 'leaveField' : 'close';
  if (input.isTyping || input.ctrlKey || input.metaKey || input.altKey) return null;
  // ? is Shift+/ on US and Arabic layouts alike; the Arabic layout types ؟.
  if (input.key === '?' || input.key === '؟' || (input.code === 'Slash' && input.shiftKey)) return 'help';
  if (input.shiftKey) return null;
  return BY_CODE[input.code] ?? null;
}

/** The element fields of an event target the check reads; a DOM element has them. */
interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const NON_TEXT_INPUTS: readonly string[] = [
  'button',
  'checkbox',
  'radio',
  'submit',
  'reset',
  'range',
  'color',
];

/** Whether a key press went to something that takes text: an input, a textarea, a select, an editable. */
export function isTypingTarget(target: TargetLike | null): boolean {
  if (!target) return false;
  if (target.isContentEditable === true) return true;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !NON_TEXT_INPUTS.includes(target.type ?? 'text');
}

/**
 * The item `step` places after or before the one at `index` in `items` (the list's order),
 * wrapping at the ends; the first (or last) when `index` is -1 (nothing selected, or the
 * selection left the list). The caller finds the index: the room's list by binary search.
 */
export function stepSelection<T>(items: readonly T[], index: number, step: 1 | -1): T | null {
  if (items.length === 0) return null;
  if (index === -1) return (step === 1 ? items[0] : items[items.length - 1]) ?? null;
  return items[(index + step + items.length) % items.length] ?? null;
}

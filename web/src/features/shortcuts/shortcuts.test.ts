import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor, stepSelection, type KeyInput } from './shortcuts.js';

const press = (key: string, code: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key,
  code,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isTyping: false,
  ...extra,
});

describe('keyboard shortcuts', () => {
  it('map the room’s letters to their actions', () => {
    expect(shortcutFor(press('a', 'KeyA'))).toBe('acknowledge');
    expect(shortcutFor(press('d', 'KeyD'))).toBe('dispatch');
    expect(shortcutFor(press('n', 'KeyN'))).toBe('focusNotes');
    expect(shortcutFor(press('j', 'KeyJ'))).toBe('next');
    expect(shortcutFor(press('k', 'KeyK'))).toBe('previous');
    expect(shortcutFor(press('Escape', 'Escape'))).toBe('close');
    expect(shortcutFor(press('?', 'Slash', { shiftKey: true }))).toBe('help');
  });

  it('work by key position on an Arabic layout', () => {
    expect(shortcutFor(press('ش', 'KeyA'))).toBe('acknowledge');
    expect(shortcutFor(press('ت', 'KeyJ'))).toBe('next');
    expect(shortcutFor(press('؟', 'Slash', { shiftKey: true }))).toBe('help');
  });

  it('are ignored while typing in a field, except Escape, which leaves it', () => {
    expect(shortcutFor(press('a', 'KeyA', { isTyping: true }))).toBeNull();
    expect(shortcutFor(press('?', 'Slash', { shiftKey: true, isTyping: true }))).toBeNull();
    expect(shortcutFor(press('Escape', 'Escape', { isTyping: true }))).toBe('leaveField');
  });

  it('leave keys with Ctrl, Alt, Cmd or Shift to the browser', () => {
    expect(shortcutFor(press('a', 'KeyA', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('d', 'KeyD', { metaKey: true }))).toBeNull();
    expect(shortcutFor(press('n', 'KeyN', { altKey: true }))).toBeNull();
    expect(shortcutFor(press('A', 'KeyA', { shiftKey: true }))).toBeNull();
  });

  it('know which targets take text', () => {
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'password' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('stepping through the list', () => {
  const ids = ['a', 'b', 'c'];

  it('goes to the next and previous incident, wrapping at the ends', () => {
    expect(stepSelection(ids, 0, 1)).toBe('b');
    expect(stepSelection(ids, 2, 1)).toBe('a');
    expect(stepSelection(ids, 0, -1)).toBe('c');
  });

  it('starts at the top going down and at the bottom going up when nothing is selected', () => {
    expect(stepSelection(ids, -1, 1)).toBe('a');
    expect(stepSelection(ids, -1, -1)).toBe('c');
    expect(stepSelection([], -1, 1)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { applyPrefChange, parsePrefs, prefsStylesheet, serializePrefs } from './prefs.js';

describe('display preferences (适老模式 and 字号)', () => {
  it('defaults to normal mode at 100 % when the cookie is missing or garbled', () => {
    for (const cookie of [undefined, '', 'nonsense', 'e=2;s=999', 's=1000', 'e=1x;s=12']) {
      expect(parsePrefs(cookie), String(cookie)).toEqual({ elderly: false, scale: 100 });
    }
  });

  it('reads what it writes', () => {
    for (const prefs of [{ elderly: true, scale: 150 }, { elderly: false, scale: 125 }, { elderly: true, scale: 100 }]) {
      expect(parsePrefs(serializePrefs(prefs))).toEqual(prefs);
    }
    expect(serializePrefs({ elderly: true, scale: 175 })).toBe('e=1;s=175');
  });

  it('accepts only the offered scales', () => {
    expect(applyPrefChange({ elderly: false, scale: 100 }, { scale: '150' })).toEqual({ elderly: false, scale: 150 });
    for (const scale of ['110', '1000', '-100', 'abc', '', '150.0abc']) {
      expect(applyPrefChange({ elderly: false, scale: 125 }, { scale }), scale).toEqual({ elderly: false, scale: 125 });
    }
  });

  it('switches elderly mode on and off, leaving the scale alone', () => {
    const on = applyPrefChange({ elderly: false, scale: 150 }, { elderly: '1' });
    expect(on).toEqual({ elderly: true, scale: 150 });
    expect(applyPrefChange(on, { elderly: '0' })).toEqual({ elderly: false, scale: 150 });
    expect(applyPrefChange(on, { elderly: 'yes' })).toEqual(on);
  });

  it('does not change the object it was given', () => {
    const current = { elderly: false, scale: 100 };
    applyPrefChange(current, { elderly: '1', scale: '175' });
    expect(current).toEqual({ elderly: false, scale: 100 });
  });

  it('serves an empty stylesheet for the defaults', () => {
    expect(prefsStylesheet({ elderly: false, scale: 100 })).toBe('');
    expect(prefsStylesheet({ elderly: false, scale: 150 })).toBe(':root{font-size:150%}');
  });

  it('in elderly mode enlarges text to at least 125 %, spaces lines at least 1.3 and underlines links', () => {
    const css = prefsStylesheet({ elderly: true, scale: 100 });
    expect(css).toContain(':root{font-size:125%}');
    const lineHeight = Number(/line-height:([\d.]+)/.exec(css)?.[1]);
    expect(lineHeight).toBeGreaterThanOrEqual(1.3);
    expect(css).toContain('text-decoration:underline');
    expect(prefsStylesheet({ elderly: true, scale: 175 })).toContain(':root{font-size:175%}');
  });
});
